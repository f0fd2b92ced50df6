package dev.backfills.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.BackfillsClient;
import dev.backfills.BuilderHooks;
import dev.backfills.exception.ApiException;
import dev.backfills.exception.MalformedResponseException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.ServerException;
import dev.backfills.exception.TransportException;
import dev.backfills.model.Backfill;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: every way the network or the server can fail one request, and what the caller gets.
 * Each row asserts the outcome (a typed exception, or the correct backfill) and how many attempts the
 * client made (from its own debug log, one line per attempt) and how many requests reached a server.
 * RELIABILITY.md shows the same table.
 *
 * <p>Every client here retries twice (three attempts at most, the default), backs off 1 to 5 ms, reads
 * with a 300 ms timeout, and sleeps on a {@link SkippingTime} clock, so Retry-After waits cost no real
 * time; only the call-timeout row runs on the real clock. Every server binds 127.0.0.1.
 */
class FaultMatrixTest {
  static final String TOKEN = "matrix-token-0123456789";
  static final long TEAM = 42;
  static final long ID = 12345;
  static final String PATH = "/v1/teams/" + TEAM + "/backfills/" + ID;

  /** What a scenario hands the test: where to send the call, how to count requests, client tweaks. */
  record Setup(String baseUrl, IntSupplier requests, UnaryOperator<BackfillsClient.Builder> tweak, boolean realTime) {
    static Setup of(String baseUrl, IntSupplier requests) {
      return new Setup(baseUrl, requests, b -> b, false);
    }

    Setup with(UnaryOperator<BackfillsClient.Builder> more) {
      return new Setup(baseUrl, requests, b -> more.apply(tweak.apply(b)), realTime);
    }

    Setup onRealClock() {
      return new Setup(baseUrl, requests, tweak, true);
    }
  }

  @FunctionalInterface
  interface Scenario {
    Setup prepare(Rig rig) throws Exception;
  }

  private final Rig rig = new Rig();
  private final DebugLog log = DebugLog.capture(DebugLog.CLIENT_LOGGER);
  private final SkippingTime time = new SkippingTime();

  @AfterEach
  void tearDown() {
    log.close();
    rig.close();
  }

  static Stream<Arguments> matrix() {
    return Stream.of(
        row("connection refused (nothing listening)", FaultMatrixTest::refused, TransportException.class, 3, 0),
        row("TCP reset before the status line", FaultMatrixTest::resetBeforeStatusLine, TransportException.class, 3, 3),
        row("connection closed in the middle of the headers", FaultMatrixTest::closedMidHeaders,
            TransportException.class, 3, 3),
        row("connection closed mid-body (chunked, half the JSON sent)", FaultMatrixTest::closedMidBody,
            TransportException.class, 3, 3),
        row("body shorter than its Content-Length", FaultMatrixTest::shortBody, TransportException.class, 3, 3),
        row("body stalls past the read timeout", FaultMatrixTest::stalledBody, TransportException.class, 3, 3),
        row("server never answers; callTimeout 1 s", FaultMatrixTest::neverAnswers, TransportException.class, 1, 1),
        row("500, then 200", s -> statusThenSuccess(s, 500), Backfill.class, 2, 2),
        row("502, then 200", s -> statusThenSuccess(s, 502), Backfill.class, 2, 2),
        row("503, then 200", s -> statusThenSuccess(s, 503), Backfill.class, 2, 2),
        row("504, then 200", s -> statusThenSuccess(s, 504), Backfill.class, 2, 2),
        row("502 with a proxy's HTML page, then 200", FaultMatrixTest::proxyPageThenSuccess, Backfill.class, 2, 2),
        row("503 on every attempt", FaultMatrixTest::alwaysUnavailable, ServerException.class, 3, 3),
        row("200 with a proxy's HTML page", FaultMatrixTest::proxyPageAsSuccess, MalformedResponseException.class, 1, 1),
        row("429 Retry-After: 2 (seconds), then 200", s -> tooManyThenSuccess(s, "2"), Backfill.class, 2, 2),
        row("429 Retry-After as an HTTP date 3 s ahead, then 200",
            s -> tooManyThenSuccess(s, httpDate(Duration.ofSeconds(3))), Backfill.class, 2, 2),
        row("429 without Retry-After, then 200", s -> tooManyThenSuccess(s, null), Backfill.class, 2, 2),
        row("429 Retry-After: soon (garbage), then 200", s -> tooManyThenSuccess(s, "soon"), Backfill.class, 2, 2),
        row("429 Retry-After: 3600, over maxRetryWait 60 s", s -> tooManyThenSuccess(s, "3600"),
            RateLimitException.class, 1, 1),
        row("429 Retry-After: 1 on every attempt", FaultMatrixTest::alwaysTooMany, RateLimitException.class, 3, 3),
        row("302 redirect to another origin (other port): not followed", FaultMatrixTest::redirectElsewhere,
            ApiException.class, 1, 1),
        row("302 redirect to the same origin, then 200", FaultMatrixTest::redirectOnOrigin, Backfill.class, 2, 2),
        row("302 redirect loop on the API's origin: 5 followed, not retried", FaultMatrixTest::redirectLoop,
            ApiException.class, 6, 6),
        row("TLS, certificate from an untrusted CA, default client", FaultMatrixTest::untrustedTls,
            TransportException.class, 1, 0),
        row("TLS, that CA trusted through the caller's OkHttpClient", FaultMatrixTest::trustedTls,
            Backfill.class, 1, 1));
  }

  private static Arguments row(String fault, Scenario scenario, Class<?> outcome, int attempts, int requests) {
    return Arguments.of(fault, scenario, outcome, attempts, requests);
  }

  @ParameterizedTest(name = "{0} -> {2}, {3} attempt(s), {4} request(s) served")
  @MethodSource("matrix")
  void faultEndsInItsOutcomeAfterItsAttempts(
      String fault, Scenario scenario, Class<?> outcome, int attempts, int requests) throws Exception {
    Setup setup = scenario.prepare(rig);

    Object result = call(setup);

    if (outcome == Backfill.class) {
      assertThat(result).as(fault).isEqualTo(Seeds.ONE_DECODED);
    } else {
      assertThat(result).as(fault).isExactlyInstanceOf(outcome);
    }
    assertThat(attemptsLogged()).as("attempts for: " + fault).isEqualTo(attempts);
    assertThat(setup.requests().getAsInt()).as("requests served for: " + fault).isEqualTo(requests);
  }

  // ---- the details some rows promise beyond type and count -------------------------------------------

  @Test
  void retryAfterInSecondsIsWaitedExactly() throws Exception {
    call(tooManyThenSuccess(rig, "2"));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void retryAfterAsAnHttpDateIsWaitedUntilThatMoment() throws Exception {
    call(tooManyThenSuccess(rig, httpDate(Duration.ofSeconds(3))));

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void missingOrGarbageRetryAfterFallsBackToTheConfiguredBackoff() throws Exception {
    call(tooManyThenSuccess(rig, null));
    call(tooManyThenSuccess(rig, "soon"));

    assertThat(time.sleeps()).hasSize(2).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(5)));
  }

  @Test
  void retryAfterOverTheCapIsReportedNotWaited() throws Exception {
    Object result = call(tooManyThenSuccess(rig, "3600"));

    assertThat(result).isInstanceOfSatisfying(RateLimitException.class,
        e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void untrustedCertificateIsRefusedWithTheHandshakeFailureAsCause() throws Exception {
    Object result = call(untrustedTls(rig));

    assertThat(result).isInstanceOfSatisfying(TransportException.class,
        e -> assertThat(e.getCause()).isInstanceOf(SSLException.class));
  }

  @Test
  void redirectToAnotherOriginIsAnApiExceptionNamingTheTargetWithoutQueryOrCredentials() throws Exception {
    MockWebServer origin = rig.mock();
    origin.enqueue(new MockResponse.Builder().code(302)
        .setHeader("Location", "http://user:secret@127.0.0.1:9/elsewhere/path?sig=abc#frag").build());

    Object result = call(Setup.of(url(origin), origin::getRequestCount));

    assertThat(result).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(302);
      assertThat(e.getMessage()).contains("http://127.0.0.1:9/elsewhere/path").contains("not followed")
          .doesNotContain("sig=abc").doesNotContain("secret").doesNotContain("user");
    });
    assertThat(origin.getRequestCount()).isEqualTo(1);
  }

  @Test
  void redirectToAnotherOriginSendsNothingThere() throws Exception {
    Setup setup = redirectElsewhere(rig);

    call(setup);

    assertThat(rig.mocks.get(1).getRequestCount()).isZero();
  }

  // ---- the scenarios ---------------------------------------------------------------------------------

  static Setup refused(Rig rig) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, loopback())) {
      port = probe.getLocalPort();
    }
    return Setup.of("http://127.0.0.1:" + port + "/v1", () -> 0);
  }

  static Setup resetBeforeStatusLine(Rig rig) {
    RawHttpServer raw = rig.raw((socket, out) -> RawHttpServer.reset(socket));
    return Setup.of(raw.baseUrl(), raw::requestCount);
  }

  static Setup closedMidHeaders(Rig rig) {
    RawHttpServer raw = rig.raw((socket, out) -> {
      RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/js");
      socket.close();
    });
    return Setup.of(raw.baseUrl(), raw::requestCount);
  }

  static Setup closedMidBody(Rig rig) {
    String half = Seeds.ONE.substring(0, Seeds.ONE.length() / 2);
    RawHttpServer raw = rig.raw((socket, out) -> {
      RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(half.length()) + "\r\n" + half + "\r\n");
      socket.close();
    });
    return Setup.of(raw.baseUrl(), raw::requestCount);
  }

  static Setup shortBody(Rig rig) {
    String half = Seeds.ONE.substring(0, Seeds.ONE.length() / 2);
    RawHttpServer raw = rig.raw((socket, out) -> {
      RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
          + Seeds.ONE.length() + "\r\n\r\n" + half);
      socket.close();
    });
    return Setup.of(raw.baseUrl(), raw::requestCount);
  }

  static Setup stalledBody(Rig rig) throws IOException {
    MockWebServer server = rig.mock();
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().body(Seeds.ONE).onResponseBody(SocketEffect.Stall.INSTANCE).build());
    }
    return Setup.of(url(server), server::getRequestCount).with(b -> b.readTimeout(Duration.ofMillis(300)));
  }

  static Setup neverAnswers(Rig rig) throws IOException {
    MockWebServer server = rig.mock();
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    }
    return Setup.of(url(server), server::getRequestCount)
        .with(b -> b.readTimeout(Duration.ZERO).callTimeout(Duration.ofSeconds(1)))
        .onRealClock();
  }

  static Setup statusThenSuccess(Rig rig, int status) throws IOException {
    MockWebServer server = rig.mock();
    server.enqueue(new MockResponse.Builder().code(status)
        .body("{\"meta\":{\"request_id\":\"r-" + status + "\"},\"error\":{\"code\":\"E\",\"message\":\"m\"}}").build());
    server.enqueue(new MockResponse.Builder().body(Seeds.ONE).build());
    return Setup.of(url(server), server::getRequestCount);
  }

  static Setup proxyPageThenSuccess(Rig rig) throws IOException {
    MockWebServer server = rig.mock();
    server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
        .body("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>").build());
    server.enqueue(new MockResponse.Builder().body(Seeds.ONE).build());
    return Setup.of(url(server), server::getRequestCount);
  }

  static Setup proxyPageAsSuccess(Rig rig) throws IOException {
    MockWebServer server = rig.mock();
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/html")
        .body("<html><body>Please sign in to the guest network</body></html>").build());
    server.enqueue(new MockResponse.Builder().body(Seeds.ONE).build());
    return Setup.of(url(server), server::getRequestCount);
  }

  static Setup alwaysUnavailable(Rig rig) throws IOException {
    MockWebServer server = rig.mock();
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder().code(503).build());
    }
    return Setup.of(url(server), server::getRequestCount);
  }

  static Setup tooManyThenSuccess(Rig rig, String retryAfter) throws IOException {
    MockWebServer server = rig.mock();
    MockResponse.Builder tooMany = new MockResponse.Builder().code(429);
    if (retryAfter != null) {
      tooMany.setHeader("Retry-After", retryAfter);
    }
    server.enqueue(tooMany.build());
    server.enqueue(new MockResponse.Builder().body(Seeds.ONE).build());
    return Setup.of(url(server), server::getRequestCount);
  }

  static Setup alwaysTooMany(Rig rig) throws IOException {
    MockWebServer server = rig.mock();
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build());
    }
    return Setup.of(url(server), server::getRequestCount);
  }

  static Setup redirectElsewhere(Rig rig) throws IOException {
    MockWebServer origin = rig.mock();
    MockWebServer elsewhere = rig.mock();
    elsewhere.enqueue(new MockResponse.Builder().body(Seeds.ONE).build());
    origin.enqueue(new MockResponse.Builder().code(302).setHeader("Location", url(elsewhere) + PATH.substring(3)).build());
    return Setup.of(url(origin), () -> origin.getRequestCount() + elsewhere.getRequestCount());
  }

  static Setup redirectOnOrigin(Rig rig) throws IOException {
    MockWebServer origin = rig.mock();
    origin.enqueue(new MockResponse.Builder().code(302).setHeader("Location", PATH + "?moved").build());
    origin.enqueue(new MockResponse.Builder().body(Seeds.ONE).build());
    return Setup.of(url(origin), origin::getRequestCount);
  }

  static Setup redirectLoop(Rig rig) throws IOException {
    MockWebServer origin = rig.mock();
    for (int i = 0; i < 20; i++) {
      origin.enqueue(new MockResponse.Builder().code(302).setHeader("Location", PATH).build());
    }
    return Setup.of(url(origin), origin::getRequestCount);
  }

  static Setup untrustedTls(Rig rig) throws IOException {
    MockWebServer server = rig.mockHttps();
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().body(Seeds.ONE).build());
    }
    return Setup.of(httpsUrl(server), server::getRequestCount);
  }

  static Setup trustedTls(Rig rig) throws IOException {
    MockWebServer server = rig.mockHttps();
    server.enqueue(new MockResponse.Builder().body(Seeds.ONE).build());
    HandshakeCertificates trusting = new HandshakeCertificates.Builder().addTrustedCertificate(rig.ca().certificate()).build();
    OkHttpClient callers = new OkHttpClient.Builder()
        .sslSocketFactory(trusting.sslSocketFactory(), trusting.trustManager())
        .build();
    rig.ownedClients.add(callers);
    return Setup.of(httpsUrl(server), server::getRequestCount).with(b -> b.httpClient(callers));
  }

  // ---- plumbing --------------------------------------------------------------------------------------

  /** Makes the one call of a row; the backfill, or the exception it threw. */
  private Object call(Setup setup) {
    BackfillsClient.Builder builder = BackfillsClient.builder()
        .baseUrl(setup.baseUrl())
        .token(TOKEN)
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .connectTimeout(Duration.ofSeconds(5))
        // Generous, so a loaded machine never turns a good answer into a timeout; the stalling rows
        // shorten it themselves.
        .readTimeout(Duration.ofSeconds(10));
    if (!setup.realTime()) {
      BuilderHooks.timeSource(builder, time);
    }
    try (BackfillsClient client = setup.tweak().apply(builder).build()) {
      return client.getBackfill(TEAM, ID);
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** One debug line per attempt: "GET /path -> 503 in 2 ms (attempt 1)" or "GET /path -> SocketTimeoutException…". */
  private long attemptsLogged() {
    return log.messages().stream().filter(m -> m.startsWith("GET " + PATH + " -> ")).count();
  }

  static String url(MockWebServer server) {
    return "http://127.0.0.1:" + server.getPort() + "/v1";
  }

  static String httpsUrl(MockWebServer server) {
    return "https://127.0.0.1:" + server.getPort() + "/v1";
  }

  static String httpDate(Duration fromStart) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(SkippingTime.START.plus(fromStart).atOffset(ZoneOffset.UTC));
  }

  static InetAddress loopback() throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
  }

  /** The servers and clients one row starts; all closed after it. */
  static final class Rig implements AutoCloseable {
    final List<MockWebServer> mocks = new ArrayList<>();
    final List<RawHttpServer> raws = new ArrayList<>();
    final List<OkHttpClient> ownedClients = new ArrayList<>();
    private HeldCertificate ca;

    MockWebServer mock() throws IOException {
      MockWebServer server = new MockWebServer();
      mocks.add(server);
      server.start(loopback(), 0);
      return server;
    }

    /** An HTTPS server whose certificate for 127.0.0.1 is signed by a CA made for this test only. */
    MockWebServer mockHttps() throws IOException {
      HeldCertificate serverCert = new HeldCertificate.Builder()
          .commonName("127.0.0.1")
          .addSubjectAlternativeName("127.0.0.1")
          .signedBy(ca())
          .build();
      HandshakeCertificates serverSide = new HandshakeCertificates.Builder()
          .heldCertificate(serverCert, ca().certificate())
          .build();
      MockWebServer server = new MockWebServer();
      mocks.add(server);
      server.useHttps(serverSide.sslSocketFactory());
      server.start(loopback(), 0);
      return server;
    }

    HeldCertificate ca() {
      if (ca == null) {
        ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("reliability test CA").build();
      }
      return ca;
    }

    RawHttpServer raw(RawHttpServer.Script script) {
      RawHttpServer server = new RawHttpServer(script);
      raws.add(server);
      return server;
    }

    @Override
    public void close() {
      for (MockWebServer m : mocks) {
        m.close();
      }
      raws.forEach(RawHttpServer::close);
      for (OkHttpClient c : ownedClients) {
        c.dispatcher().executorService().shutdown();
        c.connectionPool().evictAll();
      }
    }
  }
}
