package dev.mainstay.samples.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mainstay.spring.ModelCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * A service that calls a model the way much existing code does: with a plain HTTP client, in the
 * OpenAI wire format. {@code @ModelCall("summarizer")} puts the {@code summarizer} client's stages
 * around it: the input guard redacts personal data before the body sees the text, identical
 * requests come from the cache, failed attempts are retried within the deadline, and when every
 * attempt fails {@link #extractiveSummary} answers instead.
 */
@Service
public class SummaryService {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI completions;
  private final AtomicLong modelCalls = new AtomicLong();

  /**
   * Creates the service.
   *
   * @param baseUrl the OpenAI-compatible base URL ({@code sample.summarizer.base-url})
   */
  public SummaryService(
      @Value("${sample.summarizer.base-url:http://127.0.0.1:${sample.local-model.port:18434}/v1}")
          String baseUrl) {
    this.completions = URI.create(baseUrl + "/chat/completions");
  }

  /**
   * Summarises a text with the local model.
   *
   * @param text the text; personal data in it is redacted before this body runs
   * @return the summary
   */
  @ModelCall(value = "summarizer", fallbackMethod = "extractiveSummary")
  public String summarize(String text) {
    modelCalls.incrementAndGet();
    ObjectNode body = JSON.createObjectNode().put("model", "local-llama").put("temperature", 0);
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .put("content", "Summarise in one sentence:\n" + text);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(completions)
                  .timeout(Duration.ofSeconds(2))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("model server answered HTTP " + response.statusCode());
      }
      JsonNode answer = JSON.readTree(response.body());
      return answer.path("choices").path(0).path("message").path("content").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * The fallback when the model cannot answer: the text's first sentence, cut to 200 characters.
   *
   * @param text the (already guarded) text
   * @param failure why the model call failed
   * @return an extractive summary
   */
  String extractiveSummary(String text, Throwable failure) {
    String trimmed = text.strip();
    int end = trimmed.indexOf(". ");
    String first = end < 0 ? trimmed : trimmed.substring(0, end + 1);
    return first.length() <= 200 ? first : first.substring(0, 200);
  }

  /**
   * How many times the method body ran (that is, reached the model server).
   *
   * @return the count
   */
  public long modelCalls() {
    return modelCalls.get();
  }
}
