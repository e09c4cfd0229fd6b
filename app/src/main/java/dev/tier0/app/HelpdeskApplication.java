package dev.tier0.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The help desk server. */
@SpringBootApplication(scanBasePackages = "dev.tier0")
public class HelpdeskApplication {

  public static void main(String[] args) {
    SpringApplication.run(HelpdeskApplication.class, args);
  }
}
