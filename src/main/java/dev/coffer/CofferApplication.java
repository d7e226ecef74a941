package dev.coffer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Coffer: a self-hosted file and crypto service. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CofferApplication {

  public static void main(String[] args) {
    SpringApplication.run(CofferApplication.class, args);
  }
}
