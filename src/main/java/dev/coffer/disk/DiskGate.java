package dev.coffer.disk;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses, with 507, every API request that would store something while the disk is nearly full:
 * {@code POST}, {@code PUT} and {@code PATCH}, unless the handler is marked {@link NoDiskGate}.
 * Reads and deletions go on, so users can see their files and free space. Refusing before the
 * handler runs keeps the database from spending its reserve on new data.
 */
@Configuration
class DiskGate implements HandlerInterceptor, WebMvcConfigurer {

  private static final Set<String> STORING = Set.of("POST", "PUT", "PATCH");

  private final DiskGuard guard;

  DiskGate(DiskGuard guard) {
    this.guard = guard;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/**");
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (STORING.contains(request.getMethod())
        && handler instanceof HandlerMethod method
        && !method.hasMethodAnnotation(NoDiskGate.class)
        && !method.getBeanType().isAnnotationPresent(NoDiskGate.class)
        && !guard.hasRoom()) {
      throw new DiskFullException();
    }
    return true;
  }
}
