package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfills.exception.ApiException;
import dev.backfills.exception.ForbiddenException;
import dev.backfills.exception.ServerException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.testing.FakeBackfillsServer;
import dev.backfills.testing.LostAnswer;
import dev.backfills.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Create, latest and cancel against the embedded fake, which does what the request asked and can then
 * lose the answer: the client creates one backfill per call, whatever is lost, and a watch sees the
 * whole lifecycle. On the fake's clock, through {@code clientBuilder()}.
 */
class LifecycleOnTheFakeTest {
  private static final long TEAM = FakeBackfillsServer.DEFAULT_TEAM_ID;
  private static final long TRANSFER = 456789;
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate JAN_31 = LocalDate.of(2024, 1, 31);

  private final ManualClock clock = new ManualClock(Instant.parse("2024-03-01T12:00:00Z"));
  private final FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock).build();
  private final BackfillsClient client = server.clientBuilder().build();

  LifecycleOnTheFakeTest() {
    server.addTransfer(TEAM, TRANSFER);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private long posts() {
    return server.requestLog().stream().filter(line -> line.startsWith("POST ")).count();
  }

  @ParameterizedTest
  @EnumSource(LostAnswer.class)
  void aCreateWhoseAnswerIsLostReturnsTheBackfillItCreatedAndCreatesOnlyOne(LostAnswer how) {
    server.loseNextAnswers(1, how);

    ApiResponse<Backfill> created = client.createBackfillWithResponse(TEAM, TRANSFER, JAN_1, JAN_31);

    System.out.printf("create, answer lost as %s: %d POST(s), %d backfill(s) created, %d request(s) in all%n",
        how, posts(), server.createdCount(), created.attempts());
    assertThat(server.createdCount()).isEqualTo(1);
    assertThat(posts()).isEqualTo(1);
    assertThat(created.attempts()).isEqualTo(2); // the POST and the read of the latest backfill
    assertThat(created.data()).isEqualTo(server.backfills(TEAM).get(0));
    assertThat(created.data().rangeStartDate()).isEqualTo(JAN_1);
    assertThat(created.data().rangeEndDate()).isEqualTo(JAN_31);
  }

  @Test
  void aCreateRefusedBeforeTheServerActedIsSentAgainAndCreatesOne() {
    server.failNext(1, 503); // answered before acting: nothing was created

    Backfill created = client.createBackfill(TEAM, TRANSFER, JAN_1, JAN_31);

    System.out.printf("create, 503 before acting: %d POST(s), %d backfill(s) created%n", posts(),
        server.createdCount());
    assertThat(server.createdCount()).isEqualTo(1);
    assertThat(posts()).isEqualTo(2);
    assertThat(created.status()).isEqualTo(BackfillStatus.CREATED);
  }

  @Test
  void aCreateWithoutRetriesWhoseAnswerIsLostStillFindsWhatItCreated() {
    server.loseNextAnswers(1, LostAnswer.SERVER_ERROR);

    Backfill created = client.withMaxRetries(0).createBackfill(TEAM, TRANSFER, JAN_1, JAN_31);

    assertThat(created.status()).isEqualTo(BackfillStatus.CREATED);
    assertThat(server.createdCount()).isEqualTo(1);
  }

  @Test
  void aCreateWithoutRetriesRefusedBeforeActingThrowsAndCreatesNothing() {
    server.failNext(1, 503);

    assertThatThrownBy(() -> client.withMaxRetries(0).createBackfill(TEAM, TRANSFER, JAN_1, JAN_31))
        .isInstanceOf(ServerException.class);
    assertThat(server.createdCount()).isZero();
  }

  @Test
  void aRangeOverlappingAnActiveBackfillIsRefusedWith422() {
    client.createBackfill(TEAM, TRANSFER, JAN_1, JAN_31);

    assertThatThrownBy(() -> client.createBackfill(TEAM, TRANSFER, JAN_31, JAN_31.plusDays(3)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(422);
          assertThat(e.error()).isNotNull();
        });
    assertThat(server.createdCount()).isEqualTo(1);
  }

  @Test
  void aReadOnlyTokenCannotCreate() {
    try (FakeBackfillsServer readOnly = FakeBackfillsServer.builder().grantReadOnly("reader", TEAM).build();
        BackfillsClient reader = readOnly.clientBuilder().token("reader").build()) {
      readOnly.addTransfer(TEAM, TRANSFER);

      assertThatThrownBy(() -> reader.createBackfill(TEAM, TRANSFER, JAN_1, JAN_31))
          .isInstanceOf(ForbiddenException.class);
    }
  }

  @Test
  void latestIsTheNewestBackfillOfTheTransfer() {
    Backfill first = client.createBackfill(TEAM, TRANSFER, JAN_1, JAN_1);
    client.cancelBackfill(TEAM, first.transferBackfillId());
    Backfill second = client.createBackfill(TEAM, TRANSFER, JAN_1, JAN_31);

    assertThat(client.getLatestBackfill(TEAM, TRANSFER).transferBackfillId()).isEqualTo(second.transferBackfillId());
  }

  @Test
  void cancellingTwiceReturnsTheCancelledBackfillBothTimes() {
    Backfill created = client.createBackfill(TEAM, TRANSFER, JAN_1, JAN_31);

    Backfill cancelled = client.cancelBackfill(TEAM, created.transferBackfillId());
    Backfill again = client.cancelBackfill(TEAM, created.transferBackfillId());

    assertThat(cancelled.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(cancelled.endTime()).isNotNull().isEqualTo(cancelled.removedTime());
    assertThat(cancelled.removedUserId()).isEqualTo(FakeBackfillsServer.DEFAULT_USER_ID);
    assertThat(again).isEqualTo(cancelled);
  }

  @Test
  void aCancelWhoseAnswerIsLostIsRetriedAndResolvedByReadingTheBackfill() {
    Backfill created = client.createBackfill(TEAM, TRANSFER, JAN_1, JAN_31);
    server.loseNextAnswers(1, LostAnswer.DROP_CONNECTION);

    Backfill cancelled = client.cancelBackfill(TEAM, created.transferBackfillId());

    assertThat(cancelled.status()).isEqualTo(BackfillStatus.CANCELLED);
  }

  @Test
  void cancellingACompletedBackfillIsA422WithTheServersError() {
    Backfill created = client.createBackfill(TEAM, TRANSFER, JAN_1, JAN_31);
    Backfill done = client.awaitBackfill(TEAM, created.transferBackfillId(), Duration.ofDays(2));
    assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);

    assertThatThrownBy(() -> client.cancelBackfill(TEAM, created.transferBackfillId()))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(422);
          assertThat(e.error()).isNotNull();
          assertThat(e.requestId()).isNotNull();
        });
  }

  @Test
  void aWatchSeesACreatedBackfillAsNewAndACancelledOneAsFinished() throws Exception {
    // Runs of thirty days each: the watch moves the clock as it polls, as fast as the loopback answers, and
    // the backfill must still be running when the test thread cancels it.
    try (FakeBackfillsServer slow = FakeBackfillsServer.builder().clock(clock)
            .createdBackfillPlan(p -> p.runDuration(Duration.ofDays(30))).build();
        BackfillsClient watching = slow.clientBuilder().build()) {
      slow.addTransfer(TEAM, TRANSFER);
      slow.addTransfer(TEAM, 987);
      Backfill running = watching.createBackfill(TEAM, TRANSFER, JAN_1, JAN_31);
      Map<Long, List<String>> events = new ConcurrentHashMap<>();
      CountDownLatch runningSeen = new CountDownLatch(1);
      CountDownLatch createdSeen = new CountDownLatch(1);
      CountDownLatch cancelledSeen = new CountDownLatch(1);
      try (TeamWatch watch = watching.watchTeam(TEAM, new BackfillListener() {
        @Override
        public void onNew(Backfill backfill) {
          record(backfill, "new " + backfill.status());
          if (backfill.transferBackfillId() == running.transferBackfillId()) {
            runningSeen.countDown();
          } else if (backfill.transferId() == 987) {
            createdSeen.countDown();
          }
        }

        @Override
        public void onFinished(Backfill finalState) {
          record(finalState, "finished " + finalState.status());
          if (finalState.status() == BackfillStatus.CANCELLED) {
            cancelledSeen.countDown();
          }
        }

        private void record(Backfill b, String event) {
          events.computeIfAbsent(b.transferBackfillId(), k -> new CopyOnWriteArrayList<>()).add(event);
        }
      })) {
        // Only a backfill the watch has seen running can be reported finished: cancelling it before the
        // watch's first poll would leave nothing to report.
        assertThat(runningSeen.await(10, TimeUnit.SECONDS)).isTrue();
        long second = watching.createBackfill(TEAM, 987, JAN_1, JAN_31).transferBackfillId();
        watching.cancelBackfill(TEAM, running.transferBackfillId());
        assertThat(createdSeen.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledSeen.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events.get(second)).first().asString().startsWith("new ");
      }

      assertThat(events.get(running.transferBackfillId())).first().asString().startsWith("new ");
      assertThat(events.get(running.transferBackfillId())).last().isEqualTo("finished CANCELLED");
    }
  }
}
