package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.CallListener.Attempt;
import dev.backfills.CallListener.Outcome;
import java.time.LocalDate;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The listener contract for writes whose outcome the client checks with a read (a lost
 * {@code createBackfill}, a {@code cancelBackfill} refused with 422): the user made one call, so the
 * listener should see one call whose attempts are numbered 1, 2, 3, … and add up to
 * {@link Outcome#attempts()}.
 *
 * <p>Disabled: today the check runs as a call of its own ({@code CallRun.check} builds a new
 * {@code CallRun}, with a new call id and its own start and end events), while the write's
 * {@code Outcome.attempts()} and its next attempt number also count the check's requests. A lost
 * {@code createBackfill} then shows {@code createBackfill: start, attempt 1, retryWait, attempt 3, end
 * after 3} around a separate {@code getLatestBackfill: start, attempt 1 (404), end NotFoundException}.
 * Enable once the library reports checks inside the call that made them.
 */
@Disabled("library: a write's check is reported as a separate call, and the write's attempt numbers skip its requests")
class CallListenerChecksTest extends ServerTest {
  private final CallListenerTest.Recorder recorder = new CallListenerTest.Recorder();

  @Test
  void aLostCreateAndItsCheckAreOneCallWithConsecutiveAttempts() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    enqueue(404, Bodies.GET_404); // the check: no backfill yet, so the create is sent again
    enqueue(200, Bodies.GET_200);

    track(builder().callListener(recorder).build())
        .createBackfill(1, 456789, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));

    assertOneCallWithConsecutiveAttempts(3);
  }

  @Test
  void aCancelResolvedByItsCheckIsOneCallWithConsecutiveAttempts() {
    enqueue(422, Bodies.withoutDescription("UNPROCESSABLE_ENTITY", "The backfill is in a final state."));
    enqueue(200, Bodies.one(Bodies.backfill("").replace("RUNNING", "CANCELLED")));

    track(builder().callListener(recorder).build()).cancelBackfill(1, 1);

    assertOneCallWithConsecutiveAttempts(2);
  }

  private void assertOneCallWithConsecutiveAttempts(int requests) {
    assertThat(recorder.events).extracting(e -> e.call().callId()).containsOnly(1L);
    List<Integer> numbers = recorder.events.stream()
        .filter(e -> e.detail() instanceof Attempt)
        .map(e -> ((Attempt) e.detail()).number())
        .toList();
    Outcome outcome = recorder.detail(recorder.events.size() - 1, Outcome.class);
    assertThat(outcome.attempts()).isEqualTo(requests);
    assertThat(numbers).hasSize(outcome.attempts());
    for (int i = 0; i < numbers.size(); i++) {
      assertThat(numbers.get(i)).isEqualTo(i + 1);
    }
  }
}
