package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.ServerException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The asynchronous calls: same answers and errors as the blocking ones, without blocking. */
class AsyncCallsTest {
  private static final String ONE = """
      {"meta":{"request_id":"req-1"},"data":{"transfer_backfill_id":12345,"transfer_id":456789,
       "status":"RUNNING","transfer_runs_total":31,"transfer_runs_completed":25}}""";
  private static final String EMPTY_LIST = "{\"meta\":{\"request_id\":\"req-2\"},\"data\":[]}";

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient shared = new OkHttpClient();
  private BackfillsClient client;

  @BeforeEach
  void start() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    client = BackfillsClient.builder()
        .baseUrl(server.url("/v1").toString())
        .token("secret-token")
        .httpClient(shared)
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    shared.dispatcher().executorService().shutdown();
    shared.connectionPool().evictAll();
  }

  @Test
  void getBackfillAsyncCompletesWithTheBackfill() throws Exception {
    server.enqueue(new MockResponse.Builder().body(ONE).build());

    Backfill backfill = client.getBackfillAsync(7, 12345).get(30, TimeUnit.SECONDS);

    assertThat(backfill.transferBackfillId()).isEqualTo(12345);
    assertThat(backfill.status()).isEqualTo(BackfillStatus.RUNNING);
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/teams/7/backfills/12345");
  }

  @Test
  void listIncompleteBackfillsAsyncCompletesWithTheList() throws Exception {
    server.enqueue(new MockResponse.Builder().body(EMPTY_LIST).build());

    List<Backfill> backfills = client.listIncompleteBackfillsAsync(7).get(30, TimeUnit.SECONDS);

    assertThat(backfills).isEmpty();
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/teams/7/backfills");
  }

  @Test
  void failsWithTheSameTypedExceptionAsTheBlockingCall() {
    server.enqueue(new MockResponse.Builder().code(404).body(
        "{\"meta\":{\"request_id\":\"req-404\"},\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Not Found\"}}").build());

    assertThatThrownBy(() -> client.getBackfillAsync(7, 1).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.requestId()).isEqualTo("req-404"));
  }

  @Test
  void retriesServerErrorsWithoutBlockingTheCaller() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().body(ONE).build());

    assertThat(client.getBackfillAsync(7, 12345).get(30, TimeUnit.SECONDS).transferBackfillId()).isEqualTo(12345);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void givesUpAfterMaxRetries() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(502).body("<html>bad gateway</html>").build());
    }

    assertThatThrownBy(() -> client.getBackfillAsync(7, 1).get(30, TimeUnit.SECONDS))
        .cause().isInstanceOf(ServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void waitsOutAShortRetryAfterOnASchedule() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
    server.enqueue(new MockResponse.Builder().body(ONE).build());

    CompletableFuture<Backfill> future = client.getBackfillAsync(7, 12345);

    assertThat(future.get(30, TimeUnit.SECONDS).transferBackfillId()).isEqualTo(12345);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRetryAfterBeyondTheMaximumFailsAtOnce() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());

    assertThatThrownBy(() -> client.getBackfillAsync(7, 1).get(30, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(RateLimitException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void cancellingTheFutureCancelsTheHttpCall() throws Exception {
    server.enqueue(new MockResponse.Builder().body(ONE).headersDelay(20, TimeUnit.SECONDS).build());

    CompletableFuture<Backfill> future = client.getBackfillAsync(7, 12345);
    server.takeRequest(30, TimeUnit.SECONDS);
    assertThat(future.cancel(true)).isTrue();

    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (shared.dispatcher().runningCallsCount() > 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(shared.dispatcher().runningCallsCount()).isZero();
    assertThat(future).isCancelled();
  }

  @Test
  void refusesBadIdsBeforeSendingAnything() {
    assertThatThrownBy(() -> client.getBackfillAsync(0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("teamId");
    assertThatThrownBy(() -> client.listIncompleteBackfillsAsync(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void closingTheClientFailsPendingCalls() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "30").build());
    CompletableFuture<Backfill> future = client.getBackfillAsync(7, 1);
    server.takeRequest(30, TimeUnit.SECONDS);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (shared.dispatcher().runningCallsCount() > 0 && System.nanoTime() < until) {
      Thread.sleep(10); // wait until the retry is scheduled rather than in flight
    }

    client.close();

    assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(BackfillsException.class)
        .hasMessageContaining("closed");
  }
}
