package dev.backfills.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 that answers GETs with precomputed responses: the single backfill
 * at {@code /v1/teams/1/backfills/12345}, and lists of 100 and 10,000 backfills at
 * {@code /v1/teams/100/backfills} and {@code /v1/teams/10000/backfills}.
 *
 * <p>It is meant to cost as little as possible and the same for every contender: one thread per
 * keep-alive connection, the request head read into a reused buffer and matched as bytes, the response
 * (head and body together) written with one call, {@code TCP_NODELAY} on. It allocates nothing per
 * request, so the allocation figures of the HTTP benchmarks, which count every thread of the JVM, are the
 * clients' own.
 */
public final class LoopbackServer implements AutoCloseable {
  public static final long LIST_100_TEAM = 100;
  public static final long LIST_10000_TEAM = 10_000;

  private final ServerSocket socket;
  private final byte[][] paths;
  private final byte[][] responses;
  private final byte[] notFound;
  private volatile boolean closed;

  /** Starts on an ephemeral port of 127.0.0.1. */
  public static LoopbackServer start() throws IOException {
    return start(0);
  }

  public static LoopbackServer start(int port) throws IOException {
    LoopbackServer server = new LoopbackServer(port);
    Thread acceptor = new Thread(server::acceptLoop, "loopback-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  private LoopbackServer(int port) throws IOException {
    socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 128);
    paths = new byte[][] {
      ascii("/v1/teams/" + Payloads.TEAM + "/backfills/" + Payloads.BACKFILL_ID),
      ascii("/v1/teams/" + LIST_100_TEAM + "/backfills"),
      ascii("/v1/teams/" + LIST_10000_TEAM + "/backfills"),
    };
    responses = new byte[][] {
      ok(Payloads.single()), ok(Payloads.list(100)), ok(Payloads.list(10_000)),
    };
    notFound = response("404 Not Found", ascii(
        "{\"meta\":{\"request_id\":\"nf\"},\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Not Found\"}}"));
  }

  /** The base URL to give the clients: {@code http://127.0.0.1:<port>/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
  }

  public int port() {
    return socket.getLocalPort();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] ok(byte[] body) {
    return response("200 OK", body);
  }

  private static byte[] response(String status, byte[] body) {
    byte[] head = ascii("HTTP/1.1 " + status + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "X-RateLimit-Limit: 10000\r\n"
        + "X-RateLimit-Remaining: 9999\r\n"
        + "Access-Control-Allow-Origin: *\r\n"
        + "\r\n");
    byte[] all = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket connection = socket.accept();
        connection.setTcpNoDelay(true);
        Thread t = new Thread(() -> serve(connection), "loopback-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          e.printStackTrace();
        }
      }
    }
  }

  private void serve(Socket connection) {
    byte[] buffer = new byte[16 * 1024];
    int filled = 0;
    try (connection) {
      InputStream in = connection.getInputStream();
      OutputStream out = connection.getOutputStream();
      while (true) {
        int end;
        // Read until the blank line ending the request head; GETs carry no body.
        while ((end = headEnd(buffer, filled)) < 0) {
          if (filled == buffer.length) {
            return; // head too large: not one of our clients
          }
          int n = in.read(buffer, filled, buffer.length - filled);
          if (n < 0) {
            return;
          }
          filled += n;
        }
        out.write(route(buffer));
        int rest = filled - end;
        System.arraycopy(buffer, end, buffer, 0, rest);
        filled = rest;
      }
    } catch (IOException e) {
      // the client closed the connection
    }
  }

  /** Index just past "\r\n\r\n", or -1. */
  private static int headEnd(byte[] b, int length) {
    for (int i = 3; i < length; i++) {
      if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** Matches "GET <path> " at the start of the head. */
  private byte[] route(byte[] head) {
    int from = 4; // after "GET "
    for (int r = 0; r < paths.length; r++) {
      byte[] path = paths[r];
      if (head[from + path.length] == ' ' && Arrays.equals(head, from, from + path.length, path, 0, path.length)) {
        return responses[r];
      }
    }
    return notFound;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
  }

  /** For the cold-start script: serves on an ephemeral port, prints the base URL, runs until killed. */
  public static void main(String[] args) throws Exception {
    LoopbackServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    System.out.println(server.baseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
