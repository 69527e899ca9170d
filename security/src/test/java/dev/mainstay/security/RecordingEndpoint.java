package dev.mainstay.security;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A test endpoint that records every request it receives and answers with a function. */
final class RecordingEndpoint implements Endpoint {
  final List<ModelRequest> received = new CopyOnWriteArrayList<>();
  private final Function<ModelRequest, String> answer;
  private final EndpointInfo info = EndpointInfo.builder("fake-1").provider("fake").model("m").build();

  RecordingEndpoint(Function<ModelRequest, String> answer) {
    this.answer = answer;
  }

  static RecordingEndpoint answering(String text) {
    return new RecordingEndpoint(r -> text);
  }

  @Override
  public EndpointInfo info() {
    return info;
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    received.add(request);
    return ModelResponse.ofText(answer.apply(request));
  }

  /** All text the endpoint saw, joined. */
  String seenText() {
    StringBuilder sb = new StringBuilder();
    for (ModelRequest r : received) {
      for (String t : r.texts()) {
        sb.append(t).append('\n');
      }
    }
    return sb.toString();
  }
}
