package dev.mainstay.samples.spring;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Parameters;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP face of the sample: {@code GET /ask?q=...} goes through the {@code assistant} client
 * injected by name; {@code POST /summarize} goes through the annotated {@link SummaryService}.
 * Model errors map to HTTP statuses by their {@link ErrorKind}; the body names the kind and never
 * the prompt.
 */
@RestController
public class AskController {

  private final ModelClient assistant;
  private final SummaryService summaries;

  /**
   * Creates the controller.
   *
   * @param assistant the {@code assistant} client from {@code application.yml}
   * @param summaries the annotated service
   */
  public AskController(@Qualifier("assistant") ModelClient assistant, SummaryService summaries) {
    this.assistant = assistant;
    this.summaries = summaries;
  }

  /**
   * Asks the assistant.
   *
   * @param question the question
   * @param tenant the caller's tenant (cache entries are never shared across tenants)
   * @return the answer and what the client did to get it
   */
  @GetMapping("/ask")
  public Answer ask(
      @RequestParam("q") String question,
      @RequestHeader(name = "X-Tenant", defaultValue = "demo") String tenant) {
    // Temperature 0: the same question gets the same answer, so the answer may be cached.
    ModelRequest request =
        ModelRequest.chat(question)
            .parameters(Parameters.builder().temperature(0).build())
            .tenant(tenant);
    ModelResponse response = assistant.call(request);
    return new Answer(
        response.text(),
        response.endpointId(),
        response.facts().attempts(),
        response.facts().cached(),
        response.facts().stale());
  }

  /**
   * Summarises a text through the annotated service.
   *
   * @param text the text
   * @return the summary
   */
  @PostMapping("/summarize")
  public Summary summarize(@RequestBody String text) {
    return new Summary(summaries.summarize(text));
  }

  /**
   * Maps model errors to HTTP: the caller's faults to 4xx, the rest to 503.
   *
   * @param e the error
   * @return the status and a body naming the kind
   */
  @ExceptionHandler(ModelException.class)
  public ResponseEntity<Failure> onModelError(ModelException e) {
    return ResponseEntity.status(statusOf(e.kind())).body(new Failure(e.kind().name(), e.getMessage()));
  }

  static HttpStatus statusOf(ErrorKind kind) {
    switch (kind) {
      case INPUT_REJECTED:
      case INVALID_REQUEST:
      case CONTEXT_TOO_LONG:
        return HttpStatus.BAD_REQUEST;
      case ACCESS_DENIED:
        return HttpStatus.FORBIDDEN;
      case BUDGET_EXCEEDED:
      case RATE_LIMITED:
        return HttpStatus.TOO_MANY_REQUESTS;
      case TIMEOUT:
        return HttpStatus.GATEWAY_TIMEOUT;
      default:
        return HttpStatus.SERVICE_UNAVAILABLE;
    }
  }

  /**
   * An answer.
   *
   * @param answer the model's text
   * @param endpoint the endpoint that answered
   * @param attempts attempts the call took
   * @param cached served from the cache
   * @param stale served stale from the cache while the endpoints failed
   */
  public record Answer(String answer, String endpoint, int attempts, boolean cached, boolean stale) {}

  /**
   * A summary.
   *
   * @param summary the summary text
   */
  public record Summary(String summary) {}

  /**
   * A failed call.
   *
   * @param kind the {@link ErrorKind} name
   * @param message the error message (never contains prompt text)
   */
  public record Failure(String kind, String message) {}
}
