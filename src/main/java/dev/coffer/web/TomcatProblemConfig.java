package dev.coffer.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes Tomcat's own error answers problem+json too (see {@link ProblemReportValve}). */
@Configuration
class TomcatProblemConfig {

  @Bean
  TomcatContextCustomizer problemErrorReports() {
    return context -> {
      if (context.getParent() instanceof StandardHost host) {
        host.setErrorReportValveClass(ProblemReportValve.class.getName());
      }
    };
  }
}
