package dev.mainstay.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application whose model clients come from {@code application.yml}: the
 * {@code assistant} client fails over from a local OpenAI-compatible server to a simulated backup,
 * and {@link SummaryService} puts {@code @ModelCall} on a method that calls the local server with a
 * plain HTTP client. Everything runs on loopback: no network, no keys.
 *
 * <p>Run it with {@code java -jar samples/spring-boot/target/mainstay-spring-sample.jar}, then
 * {@code curl 'localhost:8080/ask?q=What+is+a+circuit+breaker'}, {@code /actuator/health},
 * {@code /actuator/mainstay} and {@code /actuator/prometheus}.
 */
@SpringBootApplication
public class SampleApplication {

  /**
   * Starts the application.
   *
   * @param args Spring Boot arguments, for example {@code --server.port=9090}
   */
  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
