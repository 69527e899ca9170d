package dev.mainstay.samples.spring;

import dev.mainstay.testkit.compat.FakeOpenAiServer;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Stands in for a self-hosted vLLM or Ollama server: an OpenAI-compatible HTTP server on loopback
 * that answers {@code POST /v1/chat/completions} in the real wire format, with latency and a share
 * of server errors so that failover has something to do. Turn it off with
 * {@code sample.local-model.enabled=false} and point the endpoint URIs at a real server instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sample.local-model.enabled", havingValue = "true", matchIfMissing = true)
public class LocalModelConfiguration {

  /**
   * The embedded server, closed with the context.
   *
   * @param port the loopback port ({@code sample.local-model.port})
   * @param latency latency per answer ({@code sample.local-model.latency})
   * @param faultRate share of answers that are HTTP 500 ({@code sample.local-model.fault-rate})
   * @return the started server
   */
  @Bean(destroyMethod = "close")
  public FakeOpenAiServer localModelServer(
      @Value("${sample.local-model.port:18434}") int port,
      @Value("${sample.local-model.latency:20ms}") Duration latency,
      @Value("${sample.local-model.fault-rate:0.1}") double faultRate) {
    FakeOpenAiServer.Builder builder =
        FakeOpenAiServer.builder().model("local-llama").port(port).latency(latency).seed(42);
    if (faultRate > 0) {
      builder.faultRate(faultRate, FakeOpenAiServer.Fault.SERVER_ERROR);
    }
    return builder.start();
  }
}
