package dev.mainstay.backend.openai;

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

/** The openai provider passes the endpoint compatibility kit against a real loopback server. */
final class OpenAiCompatibilityTest {
  private static final String KEY = "sk-compat-SECRET-7781";
  private final List<FakeOpenAiServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(FakeOpenAiServer::close);
  }

  private FakeOpenAiServer server() {
    FakeOpenAiServer s = FakeOpenAiServer.builder().model("gpt-4o-mini").apiKey(KEY).start();
    servers.add(s);
    return s;
  }

  private static Endpoint open(FakeOpenAiServer s) {
    return OpenAi.open(OpenAiConfig.builder(s.baseUrl()).id("compat").model("gpt-4o-mini").apiKey(Secret.of(KEY)).build());
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
      return open(server());
    }

    @Override
    protected ModelRequest request() {
      return ModelRequest.chat("Summarise " + PROMPT_CANARY);
    }

    @Override
    protected Map<ErrorKind, Supplier<Endpoint>> failingEndpoints() {
      Map<ErrorKind, Supplier<Endpoint>> m = new LinkedHashMap<>();
      m.put(ErrorKind.RATE_LIMITED, failing(Reply.fault(Fault.RATE_LIMITED)));
      m.put(ErrorKind.TRANSIENT, failing(Reply.fault(Fault.DROP_CONNECTION)));
      m.put(ErrorKind.TIMEOUT, failing(Reply.fault(Fault.GATEWAY_TIMEOUT)));
      m.put(ErrorKind.CONTEXT_TOO_LONG, failing(Reply.fault(Fault.CONTEXT_TOO_LONG)));
      m.put(ErrorKind.CONTENT_FILTERED, failing(Reply.fault(Fault.CONTENT_FILTER)));
      m.put(ErrorKind.AUTHENTICATION, failing(Reply.fault(Fault.UNAUTHORIZED)));
      m.put(ErrorKind.NOT_FOUND, failing(Reply.fault(Fault.MODEL_NOT_FOUND)));
      m.put(ErrorKind.INVALID_OUTPUT, failing(Reply.fault(Fault.MALFORMED_JSON)));
      m.put(ErrorKind.INVALID_REQUEST, failing(Reply.raw(400, Map.of(),
          "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"code\":\"invalid_value\"}}")));
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
