package dev.mainstay.backend.openai;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * A one-connection raw TCP server on loopback: it reads the request head and then holds the
 * connection without answering, recording when the client closes it. Proves that a cancelled call
 * releases its connection.
 */
final class RawServer implements AutoCloseable {
  private final ServerSocket socket;
  final CountDownLatch requestSeen = new CountDownLatch(1);
  final CountDownLatch clientClosed = new CountDownLatch(1);
  private final Thread thread;

  RawServer() throws IOException {
    socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "raw-server");
    thread.setDaemon(true);
    thread.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
  }

  private void serve() {
    try (Socket s = socket.accept(); InputStream in = s.getInputStream()) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) != -1) {
        if (n > 0) {
          requestSeen.countDown();
        }
      }
      clientClosed.countDown();
    } catch (IOException e) {
      clientClosed.countDown();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    thread.interrupt();
  }
}
