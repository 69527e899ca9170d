package dev.mainstay.backend.openai;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/** A loopback server that answers every request with a chunked body of a given size. */
final class ChunkedServer implements AutoCloseable {
  private final HttpServer server;

  ChunkedServer(int bytes) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[8192];
      Arrays.fill(chunk, (byte) 'x');
      try (OutputStream out = ex.getResponseBody()) {
        for (int sent = 0; sent < bytes; sent += chunk.length) {
          out.write(chunk);
        }
      } catch (IOException expected) {
        // the client stops reading at its limit
      }
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
