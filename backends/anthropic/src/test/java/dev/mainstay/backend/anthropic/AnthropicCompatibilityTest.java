package dev.mainstay.backend.anthropic;

import dev.mainstay.backend.http.Secret;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.testkit.compat.EndpointCompatibilityKit;
import dev.mainstay.testkit.compat.FakeOpenAiServer;
import dev.mainstay.testkit.compat.FakeOpenAiServer.Fault;
import dev.mainstay.testkit.compat.FakeOpenAiServer.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The anthropic provider passes the endpoint compatibility kit against a real loopback server. */
final class AnthropicCompatibilityTest {
  private static final String KEY = "sk-ant-compat-SECRET-7782";
  private final List<FakeOpenAiServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(FakeOpenAiServer::close);
  }

  private FakeOpenAiServer server() {
    FakeOpenAiServer s = FakeOpenAiServer.builder().start();
    servers.add(s);
    return s;
  }

  private static Endpoint open(FakeOpenAiServer s) {
    return Anthropic.open(AnthropicConfig.builder(s.baseUrl()).id("compat").model("claude-sonnet-4-5").apiKey(Secret.of(KEY)).build());
  }

  private static String err(String type) {
    return AnthropicEndpointTest.err(type);
  }

  private Supplier<Endpoint> failing(Reply reply) {
    return () -> {
      FakeOpenAiServer s = server();
      s.enqueue(reply);
      return open(s);
    };
  }

  final class Kit extends EndpointCompatibilityKit {
    @Override
    protected Endpoint healthyEndpoint() {
      FakeOpenAiServer s = server();
      s.enqueue(Reply.raw(200, Map.of(), AnthropicEndpointTest.message("[{\"type\":\"text\",\"text\":\"ok\"}]", "end_turn")));
      return open(s);
    }

    @Override
    protected ModelRequest request() {
      return ModelRequest.chat("Summarise " + PROMPT_CANARY);
    }

    @Override
    protected Map<ErrorKind, Supplier<Endpoint>> failingEndpoints() {
      Map<ErrorKind, Supplier<Endpoint>> m = new LinkedHashMap<>();
      m.put(ErrorKind.OVERLOADED, failing(Reply.raw(529, Map.of(), err("overloaded_error"))));
      m.put(ErrorKind.RATE_LIMITED, failing(Reply.raw(429, Map.of("retry-after", "3"), err("rate_limit_error"))));
      m.put(ErrorKind.TRANSIENT, failing(Reply.fault(Fault.DROP_CONNECTION)));
      m.put(ErrorKind.TIMEOUT, failing(Reply.fault(Fault.GATEWAY_TIMEOUT)));
      m.put(ErrorKind.CONTEXT_TOO_LONG, failing(Reply.raw(400, Map.of(),
          "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 300000 tokens > 200000 maximum\"}}")));
      m.put(ErrorKind.CONTENT_FILTERED, failing(Reply.raw(200, Map.of(), AnthropicEndpointTest.message("[]", "refusal"))));
      m.put(ErrorKind.AUTHENTICATION, failing(Reply.raw(401, Map.of(), err("authentication_error"))));
      m.put(ErrorKind.NOT_FOUND, failing(Reply.raw(404, Map.of(), err("not_found_error"))));
      m.put(ErrorKind.INVALID_OUTPUT, failing(Reply.fault(Fault.MALFORMED_JSON)));
      m.put(ErrorKind.INVALID_REQUEST, failing(Reply.raw(400, Map.of(), err("invalid_request_error"))));
      return m;
    }

    @Override
    protected List<String> secrets() {
      return List.of(KEY);
    }

    @Override
    protected Endpoint hangingEndpoint() {
      FakeOpenAiServer s = server();
      s.enqueue(Reply.fault(Fault.HANG));
      return open(s);
    }
  }

  @TestFactory
  Stream<DynamicTest> compatibilityKit() {
    return new Kit().checks().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Assumptions.assumeTrue(c.skipReason() == null, String.valueOf(c.skipReason()));
      c.run();
    }));
  }
}
