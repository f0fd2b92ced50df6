package dev.backfills.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.backfills.BackfillsClient;
import dev.backfills.exception.MalformedResponseException;
import dev.backfills.exception.TransportException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile answers over a real socket (MockWebServer, or a raw server where the bytes must be exact),
 * and the response size cap: a body over {@code maxResponseBodySize} is refused with
 * MalformedResponseException without being read whole, with or without a Content-Length.
 */
class HostileAnswersOverSocketTest {
  private static final int MIB = 1 << 20;
  private static final String TOKEN = "socket-token-0123456789";

  private final MockWebServer server = new MockWebServer();
  private BackfillsClient client;

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
    client = BackfillsClient.builder()
        .baseUrl("http://127.0.0.1:" + server.getPort() + "/v1")
        .token(TOKEN)
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  static Stream<Arguments> hostileBodies() {
    byte[] one = Seeds.ONE.getBytes(StandardCharsets.UTF_8);
    byte[] invalidUtf8 = Mutations.splice(one, Seeds.ONE.indexOf("RUNNING") + 3, new byte[] {(byte) 0xC3, 0x28}, false);
    return Stream.of(
        Arguments.of("the first half of the body, with a matching Content-Length",
            Arrays.copyOf(one, one.length / 2), "application/json"),
        Arguments.of("an empty body", new byte[0], "application/json"),
        Arguments.of("JSON null", "null".getBytes(StandardCharsets.UTF_8), "application/json"),
        Arguments.of("a proxy's HTML page", "<html><body><h1>Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8),
            "text/html"),
        Arguments.of("invalid UTF-8 inside the status", invalidUtf8, "application/json"),
        Arguments.of("data nested 10,000 arrays deep",
            ("{\"meta\":{},\"data\":" + Mutations.deeplyNested(10_000, 0) + "}").getBytes(StandardCharsets.UTF_8),
            "application/json"),
        Arguments.of("a second JSON document after the first", (Seeds.ONE + "{}").getBytes(StandardCharsets.UTF_8),
            "application/json"),
        Arguments.of("transfer_id of 2^64", Seeds.ONE.replace("456789", "18446744073709551616").getBytes(StandardCharsets.UTF_8),
            "application/json"));
  }

  @ParameterizedTest(name = "{0} -> MalformedResponseException, not retried")
  @MethodSource("hostileBodies")
  void hostileSuccessBodyIsMalformedAndNotRetried(String what, byte[] body, String contentType) {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", contentType).body(new Buffer().write(body)).build());

    Throwable thrown = catchThrowable(() -> client.getBackfill(42, 12345));

    assertThat(thrown).isInstanceOf(MalformedResponseException.class);
    assertThat(((MalformedResponseException) thrown).statusCode()).isEqualTo(200);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void oneMebibyteStatusOverTheSocketDecodesAsUnknown() {
    String huge = Mutations.longString("\u00e9", MIB);
    server.enqueue(new MockResponse.Builder().body(Seeds.ONE.replace("\"RUNNING\"", "\"" + huge + "\"")).build());

    Backfill backfill = client.getBackfill(42, 12345);

    assertThat(backfill.status()).isEqualTo(BackfillStatus.UNKNOWN);
    assertThat(backfill.transferRunsCompleted()).isEqualTo(25);
  }

  @Test
  void gzipEncodedBodyIsDecodedTransparently() throws IOException {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Encoding", "gzip").body(gzip(Seeds.ONE.getBytes(StandardCharsets.UTF_8))).build());

    assertThat(client.getBackfill(42, 12345)).isEqualTo(Seeds.ONE_DECODED);
  }

  @Test
  void corruptGzipBodyIsATransportFailureRetriedThenReported() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().setHeader("Content-Encoding", "gzip")
          .body(new Buffer().write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5})).build());
    }

    Throwable thrown = catchThrowable(() -> client.getBackfill(42, 12345));

    assertThat(thrown).isInstanceOf(TransportException.class);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void gzipBombIsCutAtTheCapOfItsDecompressedSize() throws IOException {
    // 64 MiB of spaces inside the JSON compress to about 64 KiB; the cap counts what is decoded.
    byte[] head = "{\"meta\":{\"request_id\":\"bomb\"},\"pad\":\"".getBytes(StandardCharsets.UTF_8);
    Buffer compressed = new Buffer();
    try (GZIPOutputStream gz = new GZIPOutputStream(compressed.outputStream())) {
      gz.write(head);
      byte[] spaces = new byte[MIB];
      Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 64; i++) {
        gz.write(spaces);
      }
      gz.write("\"}".getBytes(StandardCharsets.UTF_8));
    }
    server.enqueue(new MockResponse.Builder().setHeader("Content-Encoding", "gzip").body(compressed).build());

    Throwable thrown = catchThrowable(() -> client.getBackfill(42, 12345));

    assertThat(thrown).isInstanceOf(MalformedResponseException.class).hasMessageContaining("maxResponseBodySize");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ---- the size cap over a real socket ---------------------------------------------------------------

  /**
   * The server sends the headers and the first MiB of an answer announced as 1 GiB, then stalls with
   * the connection open. A client that tried to read it whole would wait for the rest and fail with a
   * read timeout; refusing it at once is a MalformedResponseException.
   */
  @Test
  void bodyAnnouncedOverTheCapIsRefusedBeforeItsBytesArrive() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (RawHttpServer raw = new RawHttpServer((socket, out) -> {
      RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + (1L << 30) + "\r\n\r\n");
      writePadding(out, MIB, new AtomicLong());
      awaitQuietly(release);
    }); BackfillsClient capped = clientFor(raw, Duration.ofSeconds(30))) {
      Throwable thrown = catchThrowable(() -> capped.getBackfill(42, 12345));
      release.countDown();

      assertThat(thrown).isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining(1073741824 + " bytes, over the limit of " + 16 * MIB + " bytes")
          .hasMessageContaining("it was not read");
      assertThat(raw.requestCount()).isEqualTo(1);
    }
  }

  /**
   * Chunked, no Content-Length: the server streams 64 MiB, then stalls. The client must stop at the
   * 16 MiB cap; reading it whole would mean waiting for the end that never comes.
   */
  @Test
  void chunkedBodyOverTheCapIsCutOffAtTheCap() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong sent = new AtomicLong();
    try (RawHttpServer raw = new RawHttpServer((socket, out) -> {
      RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
      try {
        writeChunkedPadding(out, 64L * MIB, sent);
        awaitQuietly(release);
      } catch (IOException clientWentAway) {
        // expected once the client has refused the body
      }
    }); BackfillsClient capped = clientFor(raw, Duration.ofSeconds(30))) {
      Throwable thrown = catchThrowable(() -> capped.getBackfill(42, 12345));
      release.countDown();

      assertThat(thrown).isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("more than " + 16 * MIB + " bytes");
      assertThat(raw.requestCount()).isEqualTo(1);
    }
  }

  // ---- the size cap at its boundary, through the canned client ---------------------------------------

  @ParameterizedTest(name = "with Content-Length: {0}")
  @ValueSource(booleans = {true, false})
  void bodyOfExactlyTheCapIsReadAndOneByteMoreIsRefused(boolean knownLength) {
    byte[] body = Seeds.ONE.getBytes(StandardCharsets.UTF_8);
    try (CannedAnswers atCap = new CannedAnswers(BackfillsClient.builder().maxResponseBodySize(body.length));
         CannedAnswers belowCap = new CannedAnswers(BackfillsClient.builder().maxResponseBodySize(body.length - 1))) {
      CannedAnswers.Answer answer = new CannedAnswers.Answer(200, "application/json", body, knownLength);

      assertThat(atCap.call(answer, false)).isInstanceOfSatisfying(dev.backfills.ApiResponse.class,
          r -> assertThat(r.data()).isEqualTo(Seeds.ONE_DECODED));
      assertThat(belowCap.call(answer, false)).isInstanceOf(MalformedResponseException.class);
    }
  }

  /** An endless body: the call returning at all proves it was not read whole; the count shows how little was. */
  @ParameterizedTest(name = "with Content-Length: {0}")
  @ValueSource(booleans = {true, false})
  void endlessBodyIsRefusedAfterAtMostTheCap(boolean knownLength) {
    AtomicLong pulled = new AtomicLong();
    long cap = 64 * 1024;
    OkHttpClient endless = new OkHttpClient.Builder().addInterceptor(chain -> endlessAnswer(chain, knownLength, pulled)).build();
    try (BackfillsClient capped = BackfillsClient.builder().baseUrl("http://127.0.0.1:9/v1").token(TOKEN)
        .httpClient(endless).maxResponseBodySize(cap).build()) {
      Throwable thrown = catchThrowable(() -> capped.listIncompleteBackfills(42));

      assertThat(thrown).isInstanceOf(MalformedResponseException.class).hasMessageContaining("maxResponseBodySize");
      assertThat(pulled.get()).isLessThanOrEqualTo(cap + 64 * 1024);
    } finally {
      endless.dispatcher().executorService().shutdown();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  private static Response endlessAnswer(Interceptor.Chain chain, boolean knownLength, AtomicLong pulled) {
    byte[] head = "{\"meta\":{},\"data\":[".getBytes(StandardCharsets.UTF_8);
    byte[] item = "{\"transfer_backfill_id\":1,\"transfer_id\":2,\"status\":\"RUNNING\"},".getBytes(StandardCharsets.UTF_8);
    Source source = new Source() {
      private boolean headDone;

      @Override
      public long read(Buffer sink, long byteCount) {
        byte[] next = headDone ? item : head;
        headDone = true;
        sink.write(next);
        pulled.addAndGet(next.length);
        return next.length;
      }

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {}
    };
    BufferedSource buffered = Okio.buffer(source);
    ResponseBody body = new ResponseBody() {
      @Override
      public MediaType contentType() {
        return MediaType.get("application/json");
      }

      @Override
      public long contentLength() {
        return knownLength ? Long.MAX_VALUE : -1;
      }

      @Override
      public BufferedSource source() {
        return buffered;
      }
    };
    return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200).message("OK")
        .body(body).build();
  }

  private BackfillsClient clientFor(RawHttpServer raw, Duration readTimeout) {
    return BackfillsClient.builder().baseUrl(raw.baseUrl()).token(TOKEN).readTimeout(readTimeout).maxRetries(0).build();
  }

  /** A JSON prefix whose string never closes, {@code bytes} long. */
  private static void writePadding(OutputStream out, long bytes, AtomicLong sent) throws IOException {
    byte[] head = "{\"meta\":{},\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
    out.write(head);
    byte[] block = new byte[64 * 1024];
    Arrays.fill(block, (byte) 'x');
    for (long written = head.length; written < bytes; written += block.length) {
      out.write(block);
      sent.addAndGet(block.length);
    }
    out.flush();
  }

  private static void writeChunkedPadding(OutputStream out, long bytes, AtomicLong sent) throws IOException {
    byte[] head = "{\"meta\":{},\"pad\":\"".getBytes(StandardCharsets.US_ASCII);
    RawHttpServer.write(out, Integer.toHexString(head.length) + "\r\n");
    out.write(head);
    RawHttpServer.write(out, "\r\n");
    byte[] block = new byte[64 * 1024];
    Arrays.fill(block, (byte) 'x');
    byte[] size = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] crlf = {'\r', '\n'};
    for (long written = 0; written < bytes; written += block.length) {
      out.write(size);
      out.write(block);
      out.write(crlf);
      sent.addAndGet(block.length);
    }
    out.flush();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Buffer gzip(byte[] bytes) throws IOException {
    Buffer out = new Buffer();
    try (GZIPOutputStream gz = new GZIPOutputStream(out.outputStream())) {
      gz.write(bytes);
    }
    return out;
  }
}
