package dev.mainstay.testkit.compat;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible HTTP server in-process, on loopback, speaking the real wire format of
 * {@code POST /v1/chat/completions} and {@code POST /v1/embeddings}, with simulated latency and
 * faults. For tests, demos and benchmarks of the {@code openai} backend.
 *
 * <pre>{@code
 * try (FakeOpenAiServer server = FakeOpenAiServer.builder()
 *     .model("local-llama").latency(Duration.ofMillis(40))
 *     .faultRate(0.2, FakeOpenAiServer.Fault.SERVER_ERROR).seed(7).start()) {
 *   Endpoint local = Endpoints.open(server.endpointUri("local-gpu"));
 *   server.enqueue(FakeOpenAiServer.Reply.fault(FakeOpenAiServer.Fault.RATE_LIMITED));  // next call
 *   ...
 * }
 * }</pre>
 *
 * <p>Scripted replies ({@link #enqueue(Reply)}) are served first, in order; then random faults at
 * the configured rate; otherwise a normal answer. Every request is recorded ({@link #requests()}).
 * Answers never echo request text. Thread-safe.
 */
public final class FakeOpenAiServer implements AutoCloseable {

  /** A failure the server can play. */
  public enum Fault {
    /** 429 with {@code Retry-After: 1}, {@code retry-after-ms: 1000} and rate-limit headers. */
    RATE_LIMITED,
    /** 500 with an OpenAI {@code server_error} body. */
    SERVER_ERROR,
    /** 503 with an {@code overloaded} body. */
    UNAVAILABLE,
    /** 504. */
    GATEWAY_TIMEOUT,
    /** 400 with code {@code context_length_exceeded}. */
    CONTEXT_TOO_LONG,
    /** 200 whose choice ends with {@code finish_reason: content_filter}. */
    CONTENT_FILTER,
    /** 401 with code {@code invalid_api_key}. */
    UNAUTHORIZED,
    /** 404 with code {@code model_not_found}. */
    MODEL_NOT_FOUND,
    /** 200 with a body that is not JSON. */
    MALFORMED_JSON,
    /** 200 with an empty body. */
    EMPTY_BODY,
    /** 200 with a JSON object that has no choices. */
    NO_CHOICES,
    /** The connection is closed without an answer. */
    DROP_CONNECTION,
    /** No answer until the server closes (the client's deadline must end the call). */
    HANG
  }

  /** One scripted answer. Immutable. */
  public static final class Reply {
    private final @Nullable Fault fault;
    private final @Nullable String text;
    private final int status;
    private final Map<String, String> headers;
    private final @Nullable String body;
    private final Duration delay;

    private Reply(@Nullable Fault fault, @Nullable String text, int status, Map<String, String> headers,
        @Nullable String body, Duration delay) {
      this.fault = fault;
      this.text = text;
      this.status = status;
      this.headers = Map.copyOf(headers);
      this.body = body;
      this.delay = delay;
    }

    /**
     * A normal chat answer with this text (or embeddings, on the embeddings path).
     *
     * @param text the answer text
     * @return the reply
     */
    public static Reply chat(String text) {
      return new Reply(null, requireNonNull(text, "text"), 200, Map.of(), null, Duration.ZERO);
    }

    /**
     * A fault.
     *
     * @param fault what goes wrong
     * @return the reply
     */
    public static Reply fault(Fault fault) {
      return new Reply(requireNonNull(fault, "fault"), null, 0, Map.of(), null, Duration.ZERO);
    }

    /**
     * A raw answer: any status, headers and body.
     *
     * @param status the HTTP status
     * @param headers response headers
     * @param body the body (sent as is)
     * @return the reply
     */
    public static Reply raw(int status, Map<String, String> headers, String body) {
      return new Reply(null, null, status, headers, requireNonNull(body, "body"), Duration.ZERO);
    }

    /**
     * This reply after a delay on the server's time source.
     *
     * @param value the delay
     * @return a new reply
     */
    public Reply delayed(Duration value) {
      return new Reply(fault, text, status, headers, body, requireNonNull(value, "delay"));
    }
  }

  /**
   * A request the server received.
   *
   * @param method the HTTP method
   * @param path the request path
   * @param headers headers by lower-case name (first value)
   * @param body the body as UTF-8 text
   */
  public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {
    /** Copies the maps. */
    public RecordedRequest {
      headers = Map.copyOf(headers);
    }

    /**
     * The body parsed as JSON: objects as {@code Map}, arrays as {@code List}, numbers as {@code
     * Double}.
     *
     * @return the value, or null for a JSON null
     * @throws IllegalArgumentException if the body is not JSON
     */
    public @Nullable Object json() {
      return MiniJson.parse(body);
    }

    @Override
    public String toString() {
      return "RecordedRequest[" + method + " " + path + ", bytes=" + body.length() + "]";
    }
  }

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and the client's delayed ACK add ~40 ms per answer on loopback. Read once per JVM.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final String model;
  private final Duration latency;
  private final double faultRate;
  private final List<Fault> randomFaults;
  private final Random random;
  private final @Nullable String apiKey;
  private final int dimensions;
  private final TimeSource timeSource;
  private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
  private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger served = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final HttpServer server;
  private final ExecutorService executor;

  private FakeOpenAiServer(Builder b) throws IOException {
    this.model = b.model;
    this.latency = b.latency;
    this.faultRate = b.faultRate;
    this.randomFaults = List.copyOf(b.faults);
    this.random = new Random(b.seed);
    this.apiKey = b.apiKey;
    this.dimensions = b.dimensions;
    this.timeSource = b.timeSource;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port), 64);
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-openai-server");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The base URL, {@code http://127.0.0.1:PORT/v1}.
   *
   * @return the base URL
   */
  public String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/v1";
  }

  /**
   * An {@code openai:} endpoint URI for this server.
   *
   * @param id the endpoint id
   * @return for example {@code openai:http://127.0.0.1:PORT/v1?model=local-llama&id=local}
   */
  public String endpointUri(String id) {
    return "openai:" + baseUrl() + "?model=" + model + "&id=" + requireNonNull(id, "id");
  }

  /**
   * Scripts the next answer (served before random faults).
   *
   * @param reply the answer
   * @return this server
   */
  public FakeOpenAiServer enqueue(Reply reply) {
    script.addLast(requireNonNull(reply, "reply"));
    return this;
  }

  /**
   * The requests received so far, in arrival order.
   *
   * @return a snapshot
   */
  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /**
   * How many requests were answered or failed so far.
   *
   * @return the count
   */
  public int served() {
    return served.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
      requests.add(new RecordedRequest(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, body));
      Reply reply = script.pollFirst();
      if (reply == null) {
        reply = randomReply();
      }
      Duration delay = latency.plus(reply.delay);
      if (!delay.isZero()) {
        timeSource.sleep(delay);
      }
      if (apiKey != null && !("Bearer " + apiKey).equals(headers.get("authorization"))) {
        send(ex, 401, Map.of(), error("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
        return;
      }
      respond(ex, reply, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
    } finally {
      served.incrementAndGet();
    }
  }

  private Reply randomReply() {
    synchronized (random) {
      if (faultRate > 0 && !randomFaults.isEmpty() && random.nextDouble() < faultRate) {
        return Reply.fault(randomFaults.get(random.nextInt(randomFaults.size())));
      }
    }
    return Reply.chat("Hello from " + model + ".");
  }

  private void respond(HttpExchange ex, Reply reply, String requestBody) throws IOException, InterruptedException {
    String path = ex.getRequestURI().getPath();
    if (reply.body != null) {
      send(ex, reply.status, reply.headers, reply.body);
      return;
    }
    Fault f = reply.fault;
    if (f != null) {
      switch (f) {
        case RATE_LIMITED:
          send(ex, 429, Map.of("Retry-After", "1", "retry-after-ms", "1000",
              "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1s"),
              error("Rate limit reached for requests", "requests", "rate_limit_exceeded"));
          return;
        case SERVER_ERROR:
          send(ex, 500, Map.of(), error("The server had an error while processing your request.", "server_error", null));
          return;
        case UNAVAILABLE:
          send(ex, 503, Map.of(), error("The engine is currently overloaded, please try again later.", "server_error", null));
          return;
        case GATEWAY_TIMEOUT:
          send(ex, 504, Map.of(), "");
          return;
        case CONTEXT_TOO_LONG:
          send(ex, 400, Map.of(), error("This model's maximum context length is 8192 tokens.", "invalid_request_error", "context_length_exceeded"));
          return;
        case UNAUTHORIZED:
          send(ex, 401, Map.of(), error("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"));
          return;
        case MODEL_NOT_FOUND:
          send(ex, 404, Map.of(), error("The model does not exist.", "invalid_request_error", "model_not_found"));
          return;
        case MALFORMED_JSON:
          send(ex, 200, Map.of(), "{\"id\": \"chatcmpl-1\", \"choices\": [");
          return;
        case EMPTY_BODY:
          send(ex, 200, Map.of(), "");
          return;
        case NO_CHOICES:
          send(ex, 200, Map.of(), "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]}");
          return;
        case DROP_CONNECTION:
          ex.getResponseBody().close();
          ex.close();
          return;
        case HANG:
          closing.await(5, TimeUnit.MINUTES);
          ex.close();
          return;
        case CONTENT_FILTER:
          send(ex, 200, Map.of(), chatBody("", "content_filter", requestBody));
          return;
      }
    }
    String text = reply.text == null ? "" : reply.text;
    if (path.endsWith("/embeddings")) {
      send(ex, 200, Map.of(), embeddingsBody(requestBody));
    } else if (path.endsWith("/chat/completions")) {
      send(ex, 200, Map.of(), chatBody(text, "stop", requestBody));
    } else {
      send(ex, 404, Map.of(), error("Unknown path.", "invalid_request_error", "unknown_url"));
    }
  }

  private String chatBody(String text, String finish, String requestBody) {
    int promptTokens = Math.max(1, requestBody.length() / 4);
    int completionTokens = Math.max(1, text.length() / 4);
    return "{\"id\":\"chatcmpl-fake-" + served.get() + "\",\"object\":\"chat.completion\",\"created\":"
        + timeSource.now().getEpochSecond() + ",\"model\":" + MiniJson.quote(requestModel(requestBody))
        + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + MiniJson.quote(text)
        + "},\"logprobs\":null,\"finish_reason\":" + MiniJson.quote(finish) + "}],\"usage\":{\"prompt_tokens\":"
        + promptTokens + ",\"completion_tokens\":" + completionTokens + ",\"total_tokens\":"
        + (promptTokens + completionTokens) + "}}";
  }

  private String embeddingsBody(String requestBody) {
    List<String> inputs = new ArrayList<>();
    try {
      Object json = MiniJson.parse(requestBody);
      Object input = json instanceof Map ? ((Map<?, ?>) json).get("input") : null;
      if (input instanceof List) {
        for (Object o : (List<?>) input) {
          inputs.add(String.valueOf(o));
        }
      } else if (input != null) {
        inputs.add(String.valueOf(input));
      }
    } catch (IllegalArgumentException e) {
      // answer with no data; the client reports the mismatch
    }
    StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
    int tokens = 0;
    for (int k = 0; k < inputs.size(); k++) {
      Random r = new Random(inputs.get(k).hashCode());
      sb.append(k == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(k).append(",\"embedding\":[");
      for (int d = 0; d < dimensions; d++) {
        sb.append(d == 0 ? "" : ",").append(Math.round((r.nextDouble() * 2 - 1) * 1e6) / 1e6);
      }
      sb.append("]}");
      tokens += Math.max(1, inputs.get(k).length() / 4);
    }
    return sb.append("],\"model\":").append(MiniJson.quote(requestModel(requestBody)))
        .append(",\"usage\":{\"prompt_tokens\":").append(tokens).append(",\"total_tokens\":").append(tokens).append("}}")
        .toString();
  }

  private String requestModel(String requestBody) {
    try {
      Object json = MiniJson.parse(requestBody);
      Object m = json instanceof Map ? ((Map<?, ?>) json).get("model") : null;
      return m instanceof String ? (String) m : model;
    } catch (IllegalArgumentException e) {
      return model;
    }
  }

  private static String error(String message, String type, @Nullable String code) {
    return "{\"error\":{\"message\":" + MiniJson.quote(message) + ",\"type\":" + MiniJson.quote(type)
        + ",\"param\":null,\"code\":" + (code == null ? "null" : MiniJson.quote(code)) + "}}";
  }

  private static void send(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops the server, releasing hanging requests. */
  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "FakeOpenAiServer[" + baseUrl() + ", model=" + model + "]";
  }

  /** Builds and starts a {@link FakeOpenAiServer}. Not thread-safe. */
  public static final class Builder {
    private String model = "fake-model";
    private Duration latency = Duration.ZERO;
    private double faultRate;
    private final List<Fault> faults = new ArrayList<>();
    private long seed = 1;
    private int port;
    private @Nullable String apiKey;
    private int dimensions = 8;
    private TimeSource timeSource = TimeSource.system();

    private Builder() {}

    /**
     * The model the server reports when a request names none.
     *
     * @param value model name
     * @return this builder
     */
    public Builder model(String value) {
      this.model = requireNonNull(value, "model");
      return this;
    }

    /**
     * Latency added to every answer (on the server's time source).
     *
     * @param value the latency
     * @return this builder
     */
    public Builder latency(Duration value) {
      this.latency = requireNonNull(value, "latency");
      return this;
    }

    /**
     * Plays random faults at a rate, chosen uniformly from the given ones.
     *
     * @param rate probability in [0, 1] per unscripted request
     * @param first a fault
     * @param more more faults
     * @return this builder
     */
    public Builder faultRate(double rate, Fault first, Fault... more) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("rate must be in [0, 1], was " + rate);
      }
      this.faultRate = rate;
      faults.add(requireNonNull(first, "fault"));
      faults.addAll(List.of(more));
      return this;
    }

    /**
     * Seeds the random faults.
     *
     * @param value the seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * The loopback port to listen on; {@code 0} (the default) picks a free one.
     *
     * @param value a port in [0, 65535]
     * @return this builder
     */
    public Builder port(int value) {
      if (value < 0 || value > 65_535) {
        throw new IllegalArgumentException("port must be in [0, 65535], was " + value);
      }
      this.port = value;
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer KEY}; otherwise answers 401.
     *
     * @param value the key
     * @return this builder
     */
    public Builder apiKey(String value) {
      this.apiKey = requireNonNull(value, "apiKey");
      return this;
    }

    /**
     * The embedding dimensions served.
     *
     * @param value positive
     * @return this builder
     */
    public Builder dimensions(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("dimensions must be positive, was " + value);
      }
      this.dimensions = value;
      return this;
    }

    /**
     * The time source latency and delays wait on; default the system's.
     *
     * @param value the time source
     * @return this builder
     */
    public Builder timeSource(TimeSource value) {
      this.timeSource = requireNonNull(value, "timeSource");
      return this;
    }

    /**
     * Starts the server on a free loopback port.
     *
     * @return the running server
     * @throws IllegalStateException if the port cannot be bound
     */
    public FakeOpenAiServer start() {
      try {
        return new FakeOpenAiServer(this);
      } catch (IOException e) {
        throw new IllegalStateException("could not start the fake OpenAI server", e);
      }
    }
  }
}
