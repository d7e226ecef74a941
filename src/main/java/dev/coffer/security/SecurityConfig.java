package dev.coffer.security;

import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one filter chain: stateless, Basic or bearer on every API call, problem+json on failure. The
 * web interface's pages are public; its API calls are authenticated by the session cookie (only
 * when no Authorization header is sent) and need the session's CSRF token to change anything.
 */
@Configuration
class SecurityConfig {

  @Bean
  AuthenticationManager authenticationManager(List<AuthenticationProvider> providers) {
    ProviderManager manager = new ProviderManager(providers);
    manager.setEraseCredentialsAfterAuthentication(true);
    return manager;
  }

  /**
   * No per-filter observations: wrapping every security filter in an observation costs more than
   * the filters themselves on small requests. Request-level metrics still come from Spring MVC.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  /**
   * Spring Security's strict firewall, with header checks that need no regular expressions, and
   * encoded slashes accepted in file paths ({@link FilePathFirewall}). Its refusals are answered by
   * {@link RejectedRequestProblems}.
   */
  @Bean
  HttpFirewall httpFirewall() {
    return new FilePathFirewall();
  }

  /** The web interface: its page, its assets and its sign-in endpoint. */
  static final String SIGN_IN = "/ui/session";

  /**
   * Scripts, styles, images and connections from this origin only: no inline script or style, no
   * eval, no plugins, no framing.
   */
  static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  @Bean
  SecurityFilterChain filterChain(
      HttpSecurity http,
      AuthenticationManager authenticationManager,
      ProblemEntryPoints problems,
      BearerTokenAuthenticator tokens,
      SecurityProperties properties) {
    BearerTokenFilter bearer =
        new BearerTokenFilter(tokens, problems, properties.metricsScrapeToken());
    SessionCsrf sessionCsrf = new SessionCsrf(SIGN_IN);
    RequestMatcher pages =
        request -> {
          String uri = request.getRequestURI();
          return uri.equals("/") || uri.equals("/index.html") || uri.startsWith("/ui/");
        };
    http.csrf(
            csrf ->
                csrf.csrfTokenRepository(sessionCsrf)
                    .requireCsrfProtectionMatcher(sessionCsrf)
                    .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
        .headers(
            headers ->
                headers.addHeaderWriter(
                    new DelegatingRequestMatcherHeaderWriter(
                        pages, new StaticHeadersWriter("Content-Security-Policy", PAGE_POLICY))))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .authenticationManager(authenticationManager)
        .httpBasic(basic -> basic.realmName("coffer").authenticationEntryPoint(problems))
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .addFilterBefore(bearer, BasicAuthenticationFilter.class)
        .addFilterBefore(new SessionCookieFilter(tokens), BasicAuthenticationFilter.class)
        // Nothing reads the servlet API's user methods (handlers take the principal from the
        // security context), so requests need not be wrapped once more for them.
        .servletApi(servletApi -> servletApi.disable())
        // API calls come first: most requests are decided by the second or third matcher.
        .authorizeHttpRequests(
            auth ->
                auth.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                    .permitAll()
                    .requestMatchers("/api/v1/users", "/api/v1/users/**", "/api/v1/admin/**")
                    .hasRole("ADMIN")
                    .requestMatchers("/api/**")
                    .hasRole("USER")
                    .requestMatchers(
                        "/actuator/health",
                        "/actuator/health/**",
                        "/v3/api-docs",
                        "/v3/api-docs/**",
                        "/v3/api-docs.yaml",
                        "/swagger-ui.html",
                        "/swagger-ui/**",
                        "/error",
                        "/",
                        "/index.html",
                        "/favicon.ico",
                        "/ui/**")
                    .permitAll()
                    .requestMatchers("/actuator/prometheus")
                    .hasAnyRole("ADMIN", "METRICS")
                    .requestMatchers("/actuator/**")
                    .hasRole("ADMIN")
                    .anyRequest()
                    .hasRole("USER"));
    return http.build();
  }
}
