package dev.backfills.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-thread HTTP/1.1 server on 127.0.0.1 that answers every request with a scripted sequence of raw
 * bytes and socket actions, for faults MockWebServer cannot place exactly: a reset (RST) before the
 * status line, a connection dropped in the middle of the headers, a body shorter than its
 * Content-Length. Each connection serves one request. It stops when closed.
 */
final class RawHttpServer implements AutoCloseable {
  /** What to do with one connection once its request has been read. */
  @FunctionalInterface
  interface Script {
    void answer(Socket socket, OutputStream out) throws IOException;
  }

  private final ServerSocket listener;
  private final Script script;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  RawHttpServer(Script script) {
    this.script = script;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.acceptor = new Thread(this::serve, "raw-http-" + listener.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** Requests read in full (request line and headers), whatever was answered. */
  int requestCount() {
    return requests.get();
  }

  private void serve() {
    while (!listener.isClosed()) {
      try (Socket socket = listener.accept()) {
        open.add(socket);
        readRequestHead(socket.getInputStream());
        requests.incrementAndGet();
        script.answer(socket, socket.getOutputStream());
      } catch (IOException e) {
        // The listener was closed, or the client went away: nothing to answer.
      } finally {
        open.removeIf(Socket::isClosed);
      }
    }
  }

  private static void readRequestHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new SocketException("the client closed before sending a whole request");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > 64 * 1024) {
        throw new SocketException("request head too long");
      }
    }
  }

  /** Writes ASCII text as is (CRLFs included) and flushes. */
  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Closes with SO_LINGER 0, so the peer gets a TCP reset instead of an orderly end of stream. */
  static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    try {
      acceptor.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
