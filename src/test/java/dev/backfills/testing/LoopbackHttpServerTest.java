package dev.backfills.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's own HTTP/1.1 server, spoken to over raw sockets: framing, keep-alive, HEAD, limits, and a
 * close that frees the port and ends the threads. The handler here echoes what it was given, so these
 * tests see the transport alone.
 */
class LoopbackHttpServerTest {
  private static final InetAddress LOOPBACK = loopback();

  private final List<ApiRequest> received = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch handlerWaiting = new CountDownLatch(1);
  private volatile boolean blockHandler;
  private LoopbackHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private LoopbackHttpServer start() {
    server = new LoopbackHttpServer(new LoopbackHttpServer.Handler() {
      @Override
      public ApiAnswer answer(ApiRequest request) throws InterruptedException {
        received.add(request);
        if (blockHandler) {
          handlerWaiting.countDown();
          new CountDownLatch(1).await(); // until close() interrupts
        }
        if (request.rawPath().equals("/drop")) {
          return ApiAnswer.drop();
        }
        String echo = request.method() + " " + request.rawPath() + " " + new String(request.body(), StandardCharsets.UTF_8);
        return ApiAnswer.json(200, echo.getBytes(StandardCharsets.UTF_8)).withHeader("X-Seen", "yes");
      }

      @Override
      public ApiAnswer refuse(HttpWire.Malformed problem) {
        return ApiAnswer.json(problem.status, problem.getMessage().getBytes(StandardCharsets.UTF_8));
      }
    }, "loopback-test");
    return server;
  }

  private Socket connect() throws IOException {
    Socket s = new Socket(LOOPBACK, server.port());
    s.setSoTimeout(10_000);
    return s;
  }

  /** One answer read off the socket: status line, headers (lower-case names) and a Content-Length body. */
  private record Answer(String statusLine, Map<String, String> headers, String body) {
    int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }

  private static Answer read(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).toLowerCase(), l.substring(colon + 1).strip());
    }
    int length = head ? 0 : Integer.parseInt(headers.get("content-length"));
    return new Answer(statusLine, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection ended, read so far: " + b);
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private static void write(Socket s, String raw) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static Answer exchange(Socket s, String raw) throws IOException {
    write(s, raw);
    return read(s.getInputStream(), raw.startsWith("HEAD"));
  }

  @Test
  void answersWithContentLengthAndTheHandlersHeaders() throws IOException {
    start();
    try (Socket s = connect()) {
      Answer a = exchange(s, "GET /v1/x?q=1 HTTP/1.1\r\nHost: h\r\n\r\n");

      assertThat(a.statusLine()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(a.body()).isEqualTo("GET /v1/x ");
      assertThat(a.headers()).containsEntry("content-length", "10").containsEntry("x-seen", "yes")
          .containsEntry("content-type", "application/json").doesNotContainKey("connection");
    }
  }

  @Test
  void keepsTheConnectionAliveForTheNextRequestsEvenPipelined() throws IOException {
    start();
    try (Socket s = connect()) {
      write(s, "GET /one HTTP/1.1\r\n\r\nGET /two HTTP/1.1\r\n\r\n");
      Answer one = read(s.getInputStream(), false);
      Answer two = read(s.getInputStream(), false);
      Answer three = exchange(s, "GET /three HTTP/1.1\r\n\r\n");

      assertThat(List.of(one.body(), two.body(), three.body())).containsExactly("GET /one ", "GET /two ", "GET /three ");
    }
  }

  @Test
  void readsAContentLengthBodyAndAHeaderOfAnyCase() throws IOException {
    start();
    try (Socket s = connect()) {
      Answer a = exchange(s, "POST /w HTTP/1.1\r\ncontent-LENGTH: 5\r\nAuthorization: Bearer t\r\n\r\nhello");

      assertThat(a.body()).isEqualTo("POST /w hello");
      assertThat(received).singleElement().satisfies(r -> assertThat(r.header("authorization")).isEqualTo("Bearer t"));
    }
  }

  @Test
  void honoursExpectContinue() throws IOException {
    start();
    try (Socket s = connect()) {
      write(s, "POST /w HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
      assertThat(line(s.getInputStream())).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(line(s.getInputStream())).isEmpty();
      write(s, "ok");

      assertThat(read(s.getInputStream(), false).body()).isEqualTo("POST /w ok");
    }
  }

  @Test
  void closesAfterAnswerWhenTheClientAsksForConnectionClose() throws IOException {
    start();
    try (Socket s = connect()) {
      Answer a = exchange(s, "GET /x HTTP/1.1\r\nConnection: close\r\n\r\n");

      assertThat(a.headers()).containsEntry("connection", "close");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void http10ClosesUnlessAskedToKeepAlive() throws IOException {
    start();
    try (Socket plain = connect(); Socket kept = connect()) {
      Answer closing = exchange(plain, "GET /x HTTP/1.0\r\n\r\n");
      Answer keeping = exchange(kept, "GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");

      assertThat(closing.headers()).containsEntry("connection", "close");
      assertThat(plain.getInputStream().read()).isEqualTo(-1);
      assertThat(keeping.headers()).doesNotContainKey("connection");
      assertThat(exchange(kept, "GET /y HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").body()).isEqualTo("GET /y ");
    }
  }

  @Test
  void headGetsTheHeadersAndLengthWithoutTheBody() throws IOException {
    start();
    try (Socket s = connect()) {
      Answer head = exchange(s, "HEAD /abc HTTP/1.1\r\n\r\n");
      Answer next = exchange(s, "GET /next HTTP/1.1\r\n\r\n");

      assertThat(head.headers()).containsEntry("content-length", "10");
      assertThat(next.body()).isEqualTo("GET /next "); // nothing of HEAD's body came in between
    }
  }

  @Test
  void headersOverTheCapAre431AndEndTheConnection() throws IOException {
    start();
    try (Socket s = connect()) {
      Answer a = exchange(s, "GET /x HTTP/1.1\r\nX-Big: " + "a".repeat(HttpWire.MAX_HEADER_BYTES) + "\r\n\r\n");

      assertThat(a.status()).isEqualTo(431);
      assertThat(a.headers()).containsEntry("connection", "close");
      assertThat(received).isEmpty();
    }
  }

  @Test
  void aBodyOverTheCapIs413EvenWhileTheClientIsStillSending() throws IOException {
    start();
    try (Socket s = connect()) {
      int length = HttpWire.MAX_BODY_BYTES + 1;
      write(s, "POST /x HTTP/1.1\r\nContent-Length: " + length + "\r\n\r\n");
      s.getOutputStream().write(new byte[length]);
      s.getOutputStream().flush();

      Answer a = read(s.getInputStream(), false);
      assertThat(a.status()).isEqualTo(413);
      assertThat(received).isEmpty();
    }
  }

  @Test
  void aClientWaitingFor100ContinueGetsThe413Instead() throws IOException {
    start();
    try (Socket s = connect()) {
      Answer a = exchange(s, "POST /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: "
          + (HttpWire.MAX_BODY_BYTES + 1) + "\r\n\r\n");

      assertThat(a.status()).isEqualTo(413);
      assertThat(a.headers()).containsEntry("connection", "close");
    }
  }

  @Test
  void refusesWhatItDoesNotSpeak() throws IOException {
    start();
    Map<String, Integer> requests = Map.of(
        "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411,
        "GET /x HTTP/2.0\r\n\r\n", 505,
        "GET /x\r\n\r\n", 400,
        "GET x HTTP/1.1\r\n\r\n", 400,
        "GET /x HTTP/1.1\r\nNo colon here\r\n\r\n", 400,
        "GET /x HTTP/1.1\r\nA: 1\r\n  folded\r\n\r\n", 400,
        "POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400,
        "POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400);
    for (Map.Entry<String, Integer> r : requests.entrySet()) {
      try (Socket s = connect()) {
        Answer a = exchange(s, r.getKey());
        assertThat(a.status()).as(r.getKey()).isEqualTo(r.getValue());
        assertThat(a.headers()).as(r.getKey()).containsEntry("connection", "close");
      }
    }
    assertThat(received).isEmpty();
  }

  @Test
  void aDroppedAnswerClosesTheConnectionAfterReadingTheRequest() throws IOException {
    start();
    try (Socket s = connect()) {
      write(s, "POST /drop HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi");

      assertThat(s.getInputStream().read()).isEqualTo(-1);
      assertThat(received).singleElement().satisfies(r -> assertThat(r.body()).asString().isEqualTo("hi"));
    }
  }

  @Test
  void aClientThatClosesBetweenRequestsEndsOnlyItsConnection() throws IOException {
    start();
    try (Socket first = connect()) {
      exchange(first, "GET /a HTTP/1.1\r\n\r\n");
    }
    try (Socket second = connect()) {
      assertThat(exchange(second, "GET /b HTTP/1.1\r\n\r\n").body()).isEqualTo("GET /b ");
    }
  }

  @Test
  void everyAcceptedSocketHasNoDelay() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 1, LOOPBACK);
        Socket client = new Socket(LOOPBACK, listener.getLocalPort());
        Socket accepted = listener.accept()) {
      LoopbackHttpServer.configure(accepted);

      assertThat(accepted.getTcpNoDelay()).isTrue();
      assertThat(client.isConnected()).isTrue();
    }
  }

  @Test
  void bindsTheIpv4LoopbackOnly() {
    start();

    assertThat(server.address()).isEqualTo(LOOPBACK);
  }

  @Test
  void closeEndsConnectionsInFlightFreesThePortAndEndsItsThreads() throws Exception {
    start();
    int port = server.port();
    Socket idle = connect();
    exchange(idle, "GET /first HTTP/1.1\r\n\r\n"); // served, so now idle between requests
    blockHandler = true;
    Socket waiting = connect();
    write(waiting, "GET /slow HTTP/1.1\r\n\r\n");
    assertThat(handlerWaiting.await(10, TimeUnit.SECONDS)).isTrue();

    server.close();
    server.close();

    assertThat(waiting.getInputStream().read()).isEqualTo(-1);
    assertThat(idle.getInputStream().read()).isEqualTo(-1);
    waiting.close();
    idle.close();
    assertThat(threadsNamed("loopback-test-")).isEmpty();
    assertThatThrownBy(() -> new Socket(LOOPBACK, port).close()).isInstanceOf(ConnectException.class);
    try (ServerSocket reuse = new ServerSocket(port, 1, LOOPBACK)) {
      assertThat(reuse.getLocalPort()).isEqualTo(port);
    }
  }

  private static Set<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix))
        .collect(Collectors.toSet());
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
