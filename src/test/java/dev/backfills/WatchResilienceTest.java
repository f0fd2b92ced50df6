package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.backfills.exception.BackfillsException;
import dev.backfills.internal.TeamWatcher;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Watches survive their listeners, count what they send on the wire, never deadlock when callbacks close
 * watches, and agree with waits on a status this version does not know.
 */
class WatchResilienceTest extends ServerTest {
  private static final String LIST_ONE = "{\"meta\":{\"request_id\":\"l\"},\"data\":[" + Bodies.backfill("") + "]}";

  private static String one(String status) {
    return Bodies.one(Bodies.backfill("").replace("RUNNING", status));
  }

  /** Answers the list with {@code list} and reads by id with {@code byId}, in turn, the last repeated. */
  private void serve(List<String> lists, List<String> byId) {
    AtomicInteger l = new AtomicInteger();
    AtomicInteger b = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        boolean list = request.getTarget().endsWith("/backfills");
        List<String> bodies = list ? lists : byId;
        int i = Math.min((list ? l : b).getAndIncrement(), bodies.size() - 1);
        String body = bodies.get(i);
        return body.startsWith("5") ? json(Integer.parseInt(body), "").build() : json(200, body).build();
      }
    });
  }

  @Test
  void aListenerThatThrowsAnAssertionErrorIsReportedOnceAndTheWatchGoesOn() throws Exception {
    serve(List.of(LIST_ONE, Bodies.LIST_EMPTY), List.of(one("COMPLETED")));
    List<BackfillsException> errors = new CopyOnWriteArrayList<>();
    CountDownLatch finished = new CountDownLatch(1);
    BackfillsClient client = client();

    try (TeamWatch watch = client.watchTeam(1, new BackfillListener() {
      @Override
      public void onNew(Backfill backfill) {
        throw new AssertionError("a test's expectation failed inside the listener");
      }

      @Override
      public void onFinished(Backfill finalState) {
        finished.countDown();
      }

      @Override
      public void onError(BackfillsException error) {
        errors.add(error);
      }
    })) {
      assertThat(finished.await(10, TimeUnit.SECONDS)).as("the watch kept polling after the Error").isTrue();
      assertThat(((TeamWatcher) watch).isClosed()).isFalse();
    }
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.getCause()).isInstanceOf(AssertionError.class);
      assertThat(e.getMessage()).contains("onNew");
    });
  }

  @Test
  void requestsSentCountsEveryRequestOnTheWireRetriesIncluded() throws Exception {
    serve(List.of("503", "503", LIST_ONE), List.of());
    AtomicReference<TeamWatch> self = new AtomicReference<>();
    CountDownLatch seen = new CountDownLatch(1);
    BackfillsClient client = client();
    TeamWatch watch = client.watchTeam(1, new BackfillListener() {
      @Override
      public void onNew(Backfill backfill) {
        while (self.get() == null) {
          Thread.onSpinWait();
        }
        self.get().close(); // on the watch's own thread: this poll is its last
        seen.countDown();
      }
    });
    self.set(watch);

    assertThat(seen.await(10, TimeUnit.SECONDS)).isTrue();
    ((TeamWatcher) watch).awaitEnd();

    assertThat(watch.requestsSent()).isEqualTo(3).isEqualTo(server.getRequestCount());
  }

  @Test
  void twoWatchesThatCloseEachOtherFromTheirCallbacksDoNotDeadlock() {
    serve(List.of(LIST_ONE), List.of());
    BackfillsClient client = client();
    AtomicReference<TeamWatch> first = new AtomicReference<>();
    AtomicReference<TeamWatch> second = new AtomicReference<>();
    CountDownLatch bothStarted = new CountDownLatch(2);
    CountDownLatch bothClosed = new CountDownLatch(2);

    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      first.set(client.watchTeam(1, closer(bothStarted, bothClosed, second)));
      second.set(client.watchTeam(1, closer(bothStarted, bothClosed, first)));
      assertThat(bothClosed.await(10, TimeUnit.SECONDS)).isTrue();
      first.get().close();
      second.get().close();
    });
    assertThat(((TeamWatcher) first.get()).isRunning()).isFalse();
    assertThat(((TeamWatcher) second.get()).isRunning()).isFalse();
  }

  /** A listener that, once both watches are in a callback at the same time, closes the other watch. */
  private static BackfillListener closer(
      CountDownLatch bothStarted, CountDownLatch bothClosed, AtomicReference<TeamWatch> other) {
    return new BackfillListener() {
      @Override
      public void onNew(Backfill backfill) {
        bothStarted.countDown();
        try {
          bothStarted.await(5, TimeUnit.SECONDS);
          while (other.get() == null) {
            Thread.onSpinWait();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        other.get().close();
        bothClosed.countDown();
      }
    };
  }

  @Test
  void aListenerThatBlocksDelaysOnlyItsOwnWatch() throws Exception {
    serve(List.of(LIST_ONE), List.of());
    BackfillsClient client = client();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch otherSaw = new CountDownLatch(1);
    TeamWatch blocked = client.watchTeam(1, new BackfillListener() {
      @Override
      public void onNew(Backfill backfill) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    TeamWatch free = client.watchTeam(1, new BackfillListener() {
      @Override
      public void onNew(Backfill backfill) {
        otherSaw.countDown();
      }
    });

    assertThat(otherSaw.await(10, TimeUnit.SECONDS)).isTrue();
    release.countDown();
    blocked.close();
    free.close();
  }

  @Test
  void aBackfillThatLeftTheListWithAStatusUnknownToThisVersionIsNotFinished() throws Exception {
    serve(List.of(LIST_ONE, Bodies.LIST_EMPTY), List.of(one("PAUSED"), one("PAUSED"), one("COMPLETED")));
    List<String> events = new CopyOnWriteArrayList<>();
    CountDownLatch finished = new CountDownLatch(1);
    BackfillsClient client = client();

    try (TeamWatch watch = client.watchTeam(1, new BackfillListener() {
      @Override
      public void onProgress(Backfill previous, Backfill current) {
        events.add("progress " + current.status());
      }

      @Override
      public void onFinished(Backfill finalState) {
        events.add("finished " + finalState.status());
        finished.countDown();
      }
    })) {
      assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(events).containsExactly("progress UNKNOWN", "finished COMPLETED");
  }

  @Test
  void aWaitGoesOnThroughAStatusUnknownToThisVersion() {
    serve(List.of(), List.of(one("PAUSED"), one("PAUSED"), one("COMPLETED")));
    BackfillsClient client = client();

    Backfill done = client.awaitBackfill(1, 1, Duration.ofHours(1));

    assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }
}
