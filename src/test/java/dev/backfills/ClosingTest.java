package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.internal.TimeSource;
import dev.backfills.model.Backfill;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} stops everything the client started: after it returns nothing more is sent, calls in
 * flight and in backoff end with a "closed" failure, waits end at once, watch threads have ended, and a
 * caller's OkHttpClient keeps working.
 */
class ClosingTest extends ServerTest {
  private static final String RUNNING = Bodies.one(Bodies.backfill(""));

  @Test
  void aCallInBackoffWhenTheClientClosesEndsClosedWithoutItsRetry() {
    server.enqueue(tooMany("5"));
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = client();
    time.at(FakeTime.START.plusSeconds(1), client::close);

    Throwable thrown = catchThrowable(() -> client.getBackfill(1, 2));

    assertThat(thrown).isExactlyInstanceOf(BackfillsException.class).hasMessageContaining("closed");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void manyBlockingCallsInBackoffEndPromptlyAndSendNothingAfterClose() throws Exception {
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
        return tooMany("2");
      }
    });
    BackfillsClient client = track(builder().timeSource(TimeSource.SYSTEM).build());
    List<Throwable> outcomes = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Thread t = new Thread(() -> outcomes.add(catchThrowable(() -> client.getBackfill(1, 2))));
      t.start();
      threads.add(t);
    }
    while (server.getRequestCount() < 16) {
      server.takeRequest(5, TimeUnit.SECONDS);
    }
    Thread.sleep(200); // every call now waits out the 2 s cool-down

    long started = System.nanoTime();
    client.close();
    int sentAtClose = server.getRequestCount();
    for (Thread t : threads) {
      t.join(5_000);
    }
    Duration ended = Duration.ofNanos(System.nanoTime() - started);
    Thread.sleep(2_500); // past every Retry-After: a retry that survived close would arrive now

    assertThat(outcomes).hasSize(16).allSatisfy(t ->
        assertThat(t).isExactlyInstanceOf(BackfillsException.class).hasMessageContaining("closed"));
    assertThat(ended).isLessThan(Duration.ofSeconds(5)); // generous: the request count is the real check
    assertThat(server.getRequestCount()).isEqualTo(sentAtClose);
  }

  @Test
  void aBlockingCallInFlightEndsWhenTheClientCloses() throws Exception {
    server.enqueue(stall());
    BackfillsClient client = track(builder().timeSource(TimeSource.SYSTEM).readTimeout(Duration.ZERO).build());
    CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> catchThrowable(() -> client.getBackfill(1, 2)));
    take();

    client.close();

    assertThat(outcome.get(5, TimeUnit.SECONDS))
        .isExactlyInstanceOf(BackfillsException.class).hasMessageContaining("closed");
  }

  @Test
  void anAsyncCallInBackoffFailsClosedAndSendsNoRetry() throws Exception {
    server.enqueue(tooMany("30"));
    BackfillsClient client = track(builder().timeSource(TimeSource.SYSTEM).build());
    CompletableFuture<Backfill> pending = client.getBackfillAsync(1, 2);
    take();

    client.close();

    assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isExactlyInstanceOf(BackfillsException.class).hasMessageContaining("closed");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aWaitInProgressEndsAtOnceWhenTheClientCloses() throws Exception {
    enqueue(200, RUNNING); // then a 72 s pause: no budget was announced
    BackfillsClient client = track(builder().timeSource(TimeSource.SYSTEM).build());
    CompletableFuture<Throwable> outcome =
        CompletableFuture.supplyAsync(() -> catchThrowable(() -> client.awaitBackfill(1, 1, Duration.ofHours(1))));
    take();

    long started = System.nanoTime();
    client.close();
    Throwable thrown = outcome.get(5, TimeUnit.SECONDS);

    assertThat(thrown).isExactlyInstanceOf(BackfillsException.class).hasMessageContaining("closed");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10)); // not the 72 s pause
  }

  @Test
  void aWatchWhosePollIsStalledHasEndedItsThreadWhenCloseReturns() throws Exception {
    server.enqueue(stall());
    BackfillsClient client = track(builder().timeSource(TimeSource.SYSTEM).readTimeout(Duration.ZERO).build());
    TeamWatch watch = client.watchTeam(1, new BackfillListener() {});
    take();

    long started = System.nanoTime();
    client.close();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    System.out.printf("client.close() with a watch stalled in its poll (readTimeout 0): %d ms%n", took.toMillis());
    assertThat(((dev.backfills.internal.TeamWatcher) watch).isRunning()).isFalse();
    assertThat(took).isLessThan(Duration.ofSeconds(10)); // not a socket read that never ends
  }

  @Test
  void closingAWatchWhosePollIsStalledEndsItsThread() throws Exception {
    server.enqueue(stall());
    BackfillsClient client = track(builder().timeSource(TimeSource.SYSTEM).readTimeout(Duration.ZERO).build());
    TeamWatch watch = client.watchTeam(1, new BackfillListener() {});
    take();

    watch.close();

    assertThat(((dev.backfills.internal.TeamWatcher) watch).isRunning()).isFalse();
  }

  @Test
  void aCallersOkHttpClientKeepsWorkingAfterClose() throws Exception {
    OkHttpClient callers = new OkHttpClient();
    server.enqueue(tooMany("30"));
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = track(builder().timeSource(TimeSource.SYSTEM).httpClient(callers).build());
    CompletableFuture<Backfill> pending = client.getBackfillAsync(1, 2);
    take();

    client.close();

    try (Response response = callers.newCall(new Request.Builder().url(baseUrl("/v1/ping")).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    assertThat(pending).failsWithin(Duration.ofSeconds(5));
  }

  @Test
  void closingAViewStopsOnlyItsOwnCallsAndWatches() throws Exception {
    enqueue(200, Bodies.LIST_EMPTY);
    // Real time, so the watch's next poll (72 s away: no budget was announced) cannot take the read's answer.
    BackfillsClient client = track(builder().timeSource(TimeSource.SYSTEM).build());
    BackfillsClient view = client.withMaxRetries(0);
    TeamWatch rootWatch = client.watchTeam(1, new BackfillListener() {});
    take(); // the watch's first poll
    enqueue(200, Bodies.GET_200);

    view.close();

    assertThatThrownBy(() -> view.getBackfill(1, 2)).hasMessageContaining("closed");
    assertThat(((dev.backfills.internal.TeamWatcher) rootWatch).isClosed()).isFalse();
    assertThat(client.getBackfill(1, 2).transferBackfillId()).isEqualTo(12345);
  }

  @Test
  void closingTheClientClosesItsViews() {
    BackfillsClient client = client();
    BackfillsClient view = client.withCallTimeout(Duration.ofSeconds(1));

    client.close();

    assertThatThrownBy(() -> view.getBackfill(1, 2)).isExactlyInstanceOf(BackfillsException.class)
        .hasMessageContaining("closed");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRateLimitSeenThroughOneViewPausesTheOther() {
    server.enqueue(tooMany("30"));
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = client();
    BackfillsClient noRetries = client.withMaxRetries(0);

    assertThatThrownBy(() -> noRetries.getBackfill(1, 2)).isInstanceOf(RateLimitException.class);
    Backfill read = client.getBackfill(1, 2);

    assertThat(read.transferBackfillId()).isEqualTo(12345);
    assertThat(time.sleeps()).as("the client waited out the cool-down the view's 429 started")
        .containsExactly(Duration.ofSeconds(30));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aShortCallTimeoutViewRefusesToWaitOutTheSharedCoolDown() {
    server.enqueue(tooMany("30"));
    BackfillsClient client = client();
    assertThatThrownBy(() -> client.withMaxRetries(0).getBackfill(1, 2)).isInstanceOf(RateLimitException.class);

    assertThatThrownBy(() -> client.withCallTimeout(Duration.ofSeconds(5)).getBackfill(1, 2))
        .isInstanceOf(RateLimitException.class).hasMessageContaining("not sent");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aWatchClosedFromItsOwnCallbackStops() throws Exception {
    enqueue(200, Bodies.LIST_200);
    BackfillsClient client = client();
    CountDownLatch seen = new CountDownLatch(1);
    TeamWatch[] watch = new TeamWatch[1];
    CountDownLatch started = new CountDownLatch(1);
    watch[0] = client.watchTeam(1, new BackfillListener() {
      @Override
      public void onNew(Backfill backfill) {
        try {
          started.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        watch[0].close();
        seen.countDown();
      }
    });
    started.countDown();

    assertThat(seen.await(5, TimeUnit.SECONDS)).isTrue();
    ((dev.backfills.internal.TeamWatcher) watch[0]).awaitEnd();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
