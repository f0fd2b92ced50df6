package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backfills.exception.ApiException;
import dev.backfills.exception.BackfillsException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every request carries, and what is refused before anything is sent. */
class AuthAndValidationTest extends ServerTest {

  // --- headers on the wire ---

  @Test
  void everyRequestCarriesBearerTokenAcceptAndUserAgent() throws Exception {
    enqueue(200, Bodies.GET_200);
    enqueue(200, Bodies.LIST_EMPTY);
    BackfillsClient client = client();

    client.getBackfill(1, 2);
    client.listIncompleteBackfills(1);

    for (int i = 0; i < 2; i++) {
      RecordedRequest request = take();
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
      assertThat(request.getHeaders().get("User-Agent")).startsWith("backfills-client/");
    }
  }

  @Test
  void userAgentNamesTheLibraryVersion() throws Exception {
    enqueue(200, Bodies.GET_200);

    client().getBackfill(1, 2);

    assertThat(take().getHeaders().get("User-Agent"))
        .matches("backfills-client/[0-9][^ ]* .*")
        .doesNotContain("${");
  }

  @Test
  void userAgentSuffixIsAppended() throws Exception {
    enqueue(200, Bodies.GET_200);

    track(builder().userAgentSuffix("billing-sync/2.3").build()).getBackfill(1, 2);

    String ua = take().getHeaders().get("User-Agent");
    assertThat(ua).startsWith("backfills-client/").endsWith(" billing-sync/2.3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "bad\nsuffix", "bad\tsuffix", "caf\u00e9/1"})
  void unusableUserAgentSuffixIsRefused(String suffix) {
    assertThatThrownBy(() -> BackfillsClient.builder().userAgentSuffix(suffix))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retriedRequestsCarryTheSameHeaders() throws Exception {
    enqueue(503, Bodies.LIST_500);
    enqueue(200, Bodies.GET_200);

    client().getBackfill(1, 2);

    RecordedRequest first = take();
    RecordedRequest second = take();
    assertThat(second.getHeaders().get("Authorization")).isEqualTo(first.getHeaders().get("Authorization"));
    assertThat(second.getTarget()).isEqualTo(first.getTarget());
  }

  // --- ids ---

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void teamIdBelowOneIsRefusedBeforeSending(long teamId) {
    BackfillsClient client = client();

    assertThatThrownBy(() -> client.getBackfill(teamId, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teamId");
    assertThatThrownBy(() -> client.listIncompleteBackfills(teamId))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teamId");
    assertThatThrownBy(() -> client.listIncompleteBackfillsWithResponse(teamId))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teamId");
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void backfillIdBelowOneIsRefusedBeforeSending(long backfillId) {
    BackfillsClient client = client();

    assertThatThrownBy(() -> client.getBackfill(1, backfillId))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backfillId");
    assertThatThrownBy(() -> client.getBackfillWithResponse(1, backfillId))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backfillId");
    assertThat(server.getRequestCount()).isZero();
  }

  // --- fixed tokens ---

  @Test
  void buildWithoutATokenIsRefused() {
    assertThatThrownBy(() -> BackfillsClient.builder().baseUrl(baseUrl("")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
  }

  @Test
  void nullTokenIsRefusedByBuild() {
    assertThatThrownBy(() -> BackfillsClient.builder().token(null).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", "   \t  ", "\r\n"})
  void blankTokenIsRefusedByBuild(String token) {
    assertThatThrownBy(() -> BackfillsClient.builder().token(token).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "secret value", "secret\tvalue", "secret-value\r", "secret-value\n", "secret\r\nX-Injected: 1",
      "secret-value\u007f", "secret-v\u00e4lue", "secret-\u2603-value", "secret-value\u0000", " secret-value"})
  void tokenWithCharactersOutsideVisibleAsciiIsRefusedWithoutEchoingIt(String token) {
    Throwable e = catchThrowable(() -> BackfillsClient.builder().token(token).baseUrl(baseUrl("")).build());

    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.getMessage()).doesNotContain(token).doesNotContain("secret");
  }

  @Test
  void tokenAndTokenProviderTogetherAreRefused() {
    assertThatThrownBy(() -> BackfillsClient.builder().token(TOKEN).tokenProvider(() -> TOKEN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void clientToStringDoesNotShowTheToken() {
    BackfillsClient client = client();

    assertThat(client.toString()).doesNotContain(TOKEN).contains("BackfillsClient");
    client.close();
    assertThat(client.toString()).doesNotContain(TOKEN);
  }

  // --- token providers ---

  private BackfillsClient withProvider(java.util.function.Supplier<String> provider) {
    return track(BackfillsClient.builder().tokenProvider(provider).baseUrl(baseUrl("/v1")).timeSource(time).build());
  }

  @Test
  void providerIsAskedOnEveryRequestSoRotationIsVisibleOnTheWire() throws Exception {
    AtomicInteger n = new AtomicInteger();
    BackfillsClient client = withProvider(() -> "token-" + n.incrementAndGet());
    enqueue(200, Bodies.GET_200);
    enqueue(200, Bodies.LIST_EMPTY);
    enqueue(200, Bodies.GET_200);

    client.getBackfill(1, 2);
    client.listIncompleteBackfills(1);
    client.getBackfill(1, 2);

    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer token-2");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer token-3");
  }

  @Test
  void providerIsAskedAgainForEachRetry() throws Exception {
    AtomicInteger n = new AtomicInteger();
    BackfillsClient client = withProvider(() -> "token-" + n.incrementAndGet());
    enqueue(500, Bodies.LIST_500);
    enqueue(200, Bodies.GET_200);

    client.getBackfill(1, 2);

    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer token-2");
  }

  @Test
  void providerReturningNullFailsTheCallWithIllegalStateBeforeSending() {
    BackfillsClient client = withProvider(() -> null);
    enqueue(200, Bodies.GET_200);

    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(IllegalStateException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "secret value", "secret-value\r\nX-Evil: 1", "secret-v\u00e4lue", "secret\u007f"})
  void providerReturningAnUnusableTokenFailsWithIllegalStateWithoutEchoingIt(String bad) {
    BackfillsClient client = withProvider(() -> bad);
    enqueue(200, Bodies.GET_200);

    Throwable e = catchThrowable(() -> client.listIncompleteBackfills(1));

    assertThat(e).isInstanceOf(IllegalStateException.class);
    assertThat(e.getMessage()).doesNotContain("secret");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void providerThatThrowsFailsTheCallWithIllegalStateCarryingTheCause() {
    UncheckedIOException vaultDown = new UncheckedIOException(new java.io.IOException("vault unreachable"));
    BackfillsClient client = withProvider(() -> {
      throw vaultDown;
    });
    enqueue(200, Bodies.GET_200);

    IllegalStateException e = catchThrowableOfType(IllegalStateException.class, () -> client.getBackfill(1, 2));

    assertThat(e.getCause()).isSameAs(vaultDown);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void providerFailureIsNotRetried() {
    AtomicInteger asked = new AtomicInteger();
    BackfillsClient client = withProvider(() -> {
      asked.incrementAndGet();
      return null;
    });

    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(IllegalStateException.class);
    assertThat(asked).hasValue(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aRotatedTokenWorksAfterAFailedOne() throws Exception {
    List<String> tokens = new CopyOnWriteArrayList<>(List.of("bad token", "good-token"));
    BackfillsClient client = withProvider(() -> tokens.remove(0));
    enqueue(200, Bodies.GET_200);

    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(IllegalStateException.class);
    client.getBackfill(1, 2);

    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer good-token");
  }

  // --- base URL ---

  @ParameterizedTest
  @ValueSource(strings = {"http://example.com", "http://example.com/v1", "http://10.0.0.1:8080",
      "http://localhost.example.com", "http://192.168.1.1", "http://[2001:db8::1]/v1"})
  void plainHttpToANonLoopbackHostIsRefused(String url) {
    assertThatThrownBy(() -> BackfillsClient.builder().token(TOKEN).baseUrl(url).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080", "http://localhost:8080/v1", "http://[::1]:8080/",
      "http://127.9.8.7", "https://example.com/v1", "https://dts-api.supermetrics.com/v1"})
  void httpsAnywhereAndPlainHttpToLoopbackAreAccepted(String url) {
    // build only: nothing is sent
    assertThatCode(() -> BackfillsClient.builder().token(TOKEN).baseUrl(url).build().close())
        .doesNotThrowAnyException();
  }

  @Test
  void theDefaultBaseUrlIsTheVendorsHost() {
    assertThat(BackfillsClient.DEFAULT_BASE_URL).isEqualTo("https://dts-api.supermetrics.com/v1");
    BackfillsClient client = BackfillsClient.builder().token(TOKEN).build();
    assertThat(client.toString()).contains("dts-api.supermetrics.com");
    client.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a url", "ftp://example.com", "https://user:pw@example.com",
      "https://example.com/v1?x=1", "https://example.com/v1#top"})
  void unusableBaseUrlIsRefused(String url) {
    assertThatThrownBy(() -> BackfillsClient.builder().baseUrl(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("pw");
  }

  // --- builder numbers ---

  @Test
  void negativeMaxRetriesIsRefused() {
    assertThatThrownBy(() -> BackfillsClient.builder().maxRetries(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetries");
  }

  @Test
  void negativeDurationsAreRefused() {
    java.time.Duration minus = java.time.Duration.ofSeconds(-1);
    BackfillsClient.Builder b = BackfillsClient.builder();
    assertThatThrownBy(() -> b.maxRetryWait(minus)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.callTimeout(minus)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.connectTimeout(minus)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.readTimeout(minus)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.retryBackoff(minus, java.time.Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.retryBackoff(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxResponseBodySize(0)).isInstanceOf(IllegalArgumentException.class);
  }

  // --- closed clients ---

  @Test
  void callsAfterCloseFailWithoutSendingBlockingOrNot() {
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = client();
    client.close();

    assertThatThrownBy(() -> client.getBackfill(1, 2))
        .isExactlyInstanceOf(BackfillsException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> client.listIncompleteBackfills(1))
        .isExactlyInstanceOf(BackfillsException.class).hasMessageContaining("closed");
    assertThat(client.getBackfillAsync(1, 2)).failsWithin(java.time.Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isExactlyInstanceOf(BackfillsException.class).withMessageContaining("closed");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void closeIsIdempotent() {
    BackfillsClient client = client();

    client.close();

    assertThatCode(client::close).doesNotThrowAnyException();
  }

  // --- redirects ---

  @Test
  void redirectToAnotherHostIsNotFollowedSoTheTokenNeverGoesThere() throws Exception {
    try (MockWebServer other = new MockWebServer()) {
      other.start(InetAddress.getByName("127.0.0.1"), 0);
      other.enqueue(json(200, Bodies.GET_200).build());
      server.enqueue(new MockResponse.Builder().code(302)
          .addHeader("Location", "http://127.0.0.1:" + other.getPort() + "/elsewhere").build());

      assertThatThrownBy(() -> client().getBackfill(1, 2))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.statusCode()).isEqualTo(302));

      assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(other.getRequestCount()).isZero();
    }
  }

  @Test
  void redirectOnTheSameHostKeepsTheToken() throws Exception {
    server.enqueue(new MockResponse.Builder().code(301).addHeader("Location", "/v1/moved").build());
    enqueue(200, Bodies.GET_200);

    client().getBackfill(1, 2);

    take();
    RecordedRequest moved = take();
    assertThat(moved.getTarget()).isEqualTo("/v1/moved");
    assertThat(moved.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }
}
