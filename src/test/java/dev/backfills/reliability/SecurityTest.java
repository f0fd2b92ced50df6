package dev.backfills.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.backfills.ApiResponse;
import dev.backfills.BackfillsClient;
import dev.backfills.BuilderHooks;
import dev.backfills.exception.ApiException;
import dev.backfills.exception.BackfillsException;
import dev.backfills.testing.FakeBackfillsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Security: the token never leaks (exception messages, toString()s, the debug log, the fake's bodies),
 * plain http only to loopback, tokens that could split a header refused, and nothing but the two ids
 * interpolated into request paths.
 */
class SecurityTest {
  /** Short, JWT-sized and very long tokens: every cut a message makes (40, 64, 160, 200, 300 characters) is crossed. */
  static Stream<String> tokens() {
    return Stream.of(
        "s3cr3t-T0ken",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiYWNrZmlsbHMtY2xpZW50In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ",
        "tok_" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789".repeat(14));
  }

  private static final int JSON_ERROR = 4;
  private static final int HTML_ERROR = 5;
  private static final int TEXT_ERROR = 6;
  private static final int FIRST_FIELD = 10;
  /** Where a 200 echoes the token, picked by backfill id FIRST_FIELD + index. */
  private static final List<String> ECHO_FIELDS = List.of(
      "created_time", "range_start_date", "status", "transfer_id", "request_id", "error_report", "syntax");

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final DebugLog debugLog = DebugLog.capture(DebugLog.CLIENT_LOGGER);

  @AfterEach
  void tearDown() throws Exception {
    debugLog.close();
    for (AutoCloseable r : resources) {
      r.close();
    }
  }

  // ---- the token never leaks -------------------------------------------------------------------------

  /**
   * A hostile or broken server echoes the Authorization header everywhere it can: in every field of an
   * error body, its request id, an HTML page cut at the message's snippet length, a 2xx body's
   * timestamps and status, headers. Whatever the client throws, logs or returns as text must not carry
   * the token, nor any part of it long enough to matter.
   */
  @ParameterizedTest(name = "token of {0} characters")
  @ValueSource(ints = {0, 1, 2})
  void tokenEchoedByTheServerNeverReachesMessagesToStringsOrTheLog(int which) throws Exception {
    String token = tokens().toList().get(which);
    MockWebServer server = echoingServer();
    BackfillsClient client = client(server, token);

    List<String> texts = new ArrayList<>();
    for (int status : new int[] {400, 401, 403, 404, 409, 429, 500, 503}) {
      for (int shape : new int[] {JSON_ERROR, HTML_ERROR, TEXT_ERROR}) {
        texts.addAll(textsOf(catchThrowable(() -> client.getBackfill(status, shape))));
      }
    }
    for (int field = 0; field < ECHO_FIELDS.size(); field++) {
      long id = FIRST_FIELD + field;
      texts.addAll(textsOf(catchThrowable(() -> client.getBackfill(200, id))));
    }
    ApiResponse<?> echoedRequestId = client.listIncompleteBackfillsWithResponse(200);
    texts.add(echoedRequestId.toString());
    texts.add(client.toString());
    client.lastRateLimit().ifPresent(r -> texts.add(r.toString()));
    debugLog.records().forEach(r -> texts.add(recordText(r)));

    assertThat(texts).isNotEmpty();
    assertThat(debugLog.records()).isNotEmpty();
    assertNoPartOfTheToken(texts, token);
  }

  @Test
  void tokenFromAProviderIsScrubbedLikeAFixedOne() throws Exception {
    String token = tokens().toList().get(1);
    MockWebServer server = echoingServer();
    BackfillsClient client = track(BackfillsClient.builder()
        .baseUrl(url(server)).tokenProvider(() -> token).maxRetries(0).build());

    List<String> texts = new ArrayList<>();
    texts.addAll(textsOf(catchThrowable(() -> client.getBackfill(401, JSON_ERROR))));
    texts.addAll(textsOf(catchThrowable(() -> client.getBackfill(200, FIRST_FIELD))));
    debugLog.records().forEach(r -> texts.add(recordText(r)));

    assertNoPartOfTheToken(texts, token);
  }

  @Test
  void transportFailuresDoNotCarryTheToken() throws Exception {
    String token = tokens().toList().get(1);
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      closedPort = s.getLocalPort();
    }
    BackfillsClient client = track(BackfillsClient.builder().baseUrl("http://127.0.0.1:" + closedPort + "/v1")
        .token(token).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).build());

    List<String> texts = new ArrayList<>(textsOf(catchThrowable(() -> client.getBackfill(1, 1))));
    debugLog.records().forEach(r -> texts.add(recordText(r)));

    assertNoPartOfTheToken(texts, token);
  }

  @Test
  void fakeServerNeverWritesTheTokenIntoItsAnswersOrLog() throws Exception {
    String granted = "fake-granted-" + tokens().toList().get(1);
    String wrong = "fake-wrong-" + tokens().toList().get(1);
    FakeBackfillsServer fake = track(FakeBackfillsServer.builder().grant(granted, 1).rateLimitPerHour(3).build());
    OkHttpClient http = new OkHttpClient();
    List<String> texts = new ArrayList<>();
    String base = fake.baseUrl();
    String[][] calls = {
        {wrong, "/teams/1/backfills"}, // 401
        {granted, "/teams/2/backfills"}, // 403
        {granted, "/teams/1/backfills/77"}, // 404
        {granted, "/teams/0/backfills"}, // 400
        {granted, "/teams/1/backfills"}, // 200
        {granted, "/teams/1/backfills"}, // 429: the budget of 3 is spent
        {granted, "/nope"}, // 404
    };
    for (String[] call : calls) {
      Request request = new Request.Builder().url(base + call[1]).header("Authorization", "Bearer " + call[0]).build();
      try (Response response = http.newCall(request).execute()) {
        texts.add(response.code() + " " + response.headers() + response.body().string());
      }
    }
    texts.addAll(fake.requestLog());
    texts.add(fake.toString());
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();

    assertThat(texts).anyMatch(t -> t.startsWith("429")).anyMatch(t -> t.startsWith("401"));
    assertNoPartOfTheToken(texts, granted);
    assertNoPartOfTheToken(texts, wrong);
  }

  @Test
  void exceptionsFromTheFakeServerDoNotCarryTheToken() throws Exception {
    String token = "fake-" + tokens().toList().get(2);
    FakeBackfillsServer fake = track(FakeBackfillsServer.builder().grant(token, 1).build());
    BackfillsClient client = track(BackfillsClient.builder().baseUrl(fake.baseUrl()).token(token).maxRetries(0).build());
    BackfillsClient wrongToken = track(BackfillsClient.builder().baseUrl(fake.baseUrl()).token(token + "x").build());

    List<String> texts = new ArrayList<>();
    texts.addAll(textsOf(catchThrowable(() -> wrongToken.getBackfill(1, 1))));
    texts.addAll(textsOf(catchThrowable(() -> client.getBackfill(2, 1))));
    texts.addAll(textsOf(catchThrowable(() -> client.getBackfill(1, 424242))));
    fake.failNext(1, 503);
    texts.addAll(textsOf(catchThrowable(() -> client.listIncompleteBackfills(1))));
    ApiResponse<?> ok = client.listIncompleteBackfillsWithResponse(1);
    texts.add(ok.toString());
    debugLog.records().forEach(r -> texts.add(recordText(r)));

    assertThat(texts).hasSizeGreaterThan(8);
    assertNoPartOfTheToken(texts, token);
  }

  // ---- what build() refuses --------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "http://example.com/v1", "HTTP://EXAMPLE.COM/v1", "http://10.0.0.1/v1", "http://192.168.1.20:8080/v1",
      "http://0.0.0.0/v1", "http://localhost.example.com/v1", "http://127.0.0.1.example.com/v1",
      "http://[::2]/v1", "http://[fe80::1]/v1", "http://dts-api.supermetrics.com/v1"})
  void plainHttpToANonLoopbackHostIsRefused(String baseUrl) {
    assertThatThrownBy(() -> BackfillsClient.builder().baseUrl(baseUrl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://localhost:8080/v1", "http://127.0.0.1:1/v1", "http://127.9.8.7/v1", "http://[::1]:8080/v1",
      "https://example.com/v1"})
  void plainHttpIsAllowedOnlyToLoopbackAndHttpsAnywhere(String baseUrl) {
    BackfillsClient client = BackfillsClient.builder().baseUrl(baseUrl).token("t").build();
    client.close();
  }

  @ParameterizedTest(name = "token {0}")
  @MethodSource("headerSplittingTokens")
  void tokenThatCouldSplitOrCorruptTheHeaderIsRefusedWithoutBeingNamed(String description, String token) {
    assertThatThrownBy(() -> BackfillsClient.builder().token(token).build())
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token.strip()).doesNotContain("evil"));
  }

  @ParameterizedTest(name = "token {0}")
  @MethodSource("headerSplittingTokens")
  void providerTokenThatCouldSplitTheHeaderFailsTheCallBeforeAnythingIsSent(String description, String token)
      throws Exception {
    MockWebServer server = echoingServer();
    BackfillsClient client = track(BackfillsClient.builder().baseUrl(url(server)).tokenProvider(() -> token).build());

    Throwable thrown = catchThrowable(() -> client.getBackfill(1, 1));

    assertThat(thrown).isInstanceOf(IllegalStateException.class);
    assertThat(String.valueOf(thrown.getMessage())).doesNotContain("evil");
    assertThat(server.getRequestCount()).isZero();
  }

  static Stream<Arguments> headerSplittingTokens() {
    return Stream.of(
        Arguments.of("with CR LF and a header", "abc\r\nX-evil: 1"),
        Arguments.of("with LF", "abc\nevil"),
        Arguments.of("with CR", "abc\revil"),
        Arguments.of("with a NUL", "abc\u0000evil"),
        Arguments.of("with a TAB", "abc\tevil"),
        Arguments.of("with a space", "abc evil"),
        Arguments.of("with DEL", "abc\u007fevil"),
        Arguments.of("with non-ASCII", "abc\u00e9evil"),
        Arguments.of("with a Unicode line separator", "abc\u2028evil"),
        Arguments.of("ending in CR LF", "evil-token\r\n"));
  }

  // ---- only the ids go into the path -----------------------------------------------------------------

  @ParameterizedTest(name = "team {0}, backfill {1}")
  @MethodSource("ids")
  void idsAreTheOnlyThingInterpolatedIntoThePath(long team, long backfill) throws Exception {
    MockWebServer server = track(new MockWebServer());
    server.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
    server.enqueue(new MockResponse.Builder().body(Seeds.ONE).build());
    server.enqueue(new MockResponse.Builder().body(Seeds.LIST).build());
    BackfillsClient client = track(BackfillsClient.builder().baseUrl(url(server)).token("t").build());

    client.getBackfill(team, backfill);
    client.listIncompleteBackfills(team);

    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTarget()).isEqualTo("/v1/teams/" + team + "/backfills/" + backfill);
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getTarget()).isEqualTo("/v1/teams/" + team + "/backfills");
  }

  static Stream<Arguments> ids() {
    return Stream.of(
        Arguments.of(1L, 1L),
        Arguments.of(Long.MAX_VALUE, Long.MAX_VALUE),
        Arguments.of(9_223_372_036_854_775_806L, 1L),
        Arguments.of(12345L, 4_294_967_296L));
  }

  @Test
  void idsBelowOneAreRefusedBeforeAnythingIsSent() throws Exception {
    MockWebServer server = echoingServer();
    BackfillsClient client = track(BackfillsClient.builder().baseUrl(url(server)).token("t").build());

    for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
      assertThatThrownBy(() -> client.getBackfill(bad, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teamId");
      assertThatThrownBy(() -> client.getBackfill(1, bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backfillId");
      assertThatThrownBy(() -> client.listIncompleteBackfills(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teamId");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  /**
   * A server that writes the bearer token it receives into its answers. The team id picks the status;
   * for 200 the backfill id picks the field that carries it. Error shapes: JSON envelope, HTML page,
   * plain text, each with the token placed across the message's cut points.
   */
  private MockWebServer echoingServer() throws IOException {
    MockWebServer server = track(new MockWebServer());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String auth = String.valueOf(request.getHeaders().get("Authorization"));
        String token = auth.startsWith("Bearer ") ? auth.substring(7) : auth;
        List<String> segments = request.getUrl().pathSegments();
        int status = Integer.parseInt(segments.get(2));
        if (segments.size() == 4) {
          // The list: a success whose request id is the token.
          return new MockResponse.Builder().body("{\"meta\":{\"request_id\":\"" + token + "\"},\"data\":[]}").build();
        }
        int which = Integer.parseInt(segments.get(4));
        MockResponse.Builder answer = new MockResponse.Builder().code(status)
            .setHeader("X-Echo", token)
            .setHeader("X-RateLimit-Limit", "100").setHeader("X-RateLimit-Remaining", "7");
        if (status == 429) {
          answer.setHeader("Retry-After", "1");
        }
        if (status != 200) {
          String pad140 = "x".repeat(140);
          String pad290 = "y".repeat(290);
          String body = switch (which) {
            case JSON_ERROR -> "{\"meta\":{\"request_id\":\"" + token + "\"},\"error\":{\"code\":\"" + token + "\",\"message\":\""
                + pad140 + token + "\",\"description\":\"" + pad290 + token + "\"}}";
            case HTML_ERROR -> "<html><body>" + pad140 + token + " " + token + "</body></html>";
            default -> pad140 + "Bearer " + token + "\n" + token;
          };
          return answer.body(body).build();
        }
        String field = ECHO_FIELDS.get(which - FIRST_FIELD);
        String body = switch (field) {
          case "request_id" -> "{\"meta\":{\"request_id\":\"" + token + "\"},\"data\":null}";
          case "syntax" -> "{\"meta\":{\"request_id\":\"" + token + "\"},\"data\":" + token + "}";
          case "transfer_id" -> Seeds.ONE.replace("456789", "\"" + token + "\"");
          case "status" -> Seeds.ONE.replace("\"RUNNING\"", "{\"" + token + "\":1}");
          case "error_report" -> Seeds.ONE.replace("\"error_report\": []", "\"error_report\": [{\"transfer_run_date\":\""
              + token + "\",\"error\":\"" + token + "\"}]");
          default -> Seeds.ONE.replace("\"2024-02-01T09:00:00Z\"", "\"" + token + "\"")
              .replace("\"2024-01-01\"", "\"" + token + "\"");
        };
        return answer.body(body).build();
      }
    });
    server.start(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
    return server;
  }

  private BackfillsClient client(MockWebServer server, String token) {
    BackfillsClient.Builder builder = BackfillsClient.builder().baseUrl(url(server)).token(token)
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2));
    BuilderHooks.timeSource(builder, new SkippingTime());
    return track(builder.build());
  }

  private static String url(MockWebServer server) {
    return "http://127.0.0.1:" + server.getPort() + "/v1";
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(0, resource);
    return resource;
  }

  /** Every text a caller or a log could show of a failure: messages and toString()s down the cause chain. */
  private static List<String> textsOf(Throwable thrown) {
    assertThat(thrown).isNotNull();
    List<String> texts = new ArrayList<>();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      texts.add(String.valueOf(t.getMessage()));
      texts.add(t.toString());
      if (t instanceof ApiException api && api.error() != null) {
        texts.add(api.error().toString());
      }
    }
    assertThat(thrown).isInstanceOfAny(BackfillsException.class, IllegalStateException.class);
    return texts;
  }

  private static String recordText(LogRecord r) {
    StringBuilder s = new StringBuilder(String.valueOf(r.getMessage()));
    if (r.getParameters() != null) {
      for (Object p : r.getParameters()) {
        s.append(' ').append(p);
      }
    }
    if (r.getThrown() != null) {
      s.append(' ').append(r.getThrown());
    }
    return s.toString();
  }

  /** Neither the token nor any 8-character piece of it (or all of it, when shorter) appears in any text. */
  private static void assertNoPartOfTheToken(List<String> texts, String token) {
    int piece = Math.min(8, token.length());
    List<String> leaking = new ArrayList<>();
    for (String text : texts) {
      for (int i = 0; i + piece <= token.length(); i++) {
        if (text.contains(token.substring(i, i + piece))) {
          leaking.add(text);
          break;
        }
      }
    }
    assertThat(leaking).as("texts a caller or a log sees that hold the token or an 8-character piece of it").isEmpty();
  }
}
