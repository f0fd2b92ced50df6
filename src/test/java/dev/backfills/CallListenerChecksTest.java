package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.CallListener.Attempt;
import dev.backfills.CallListener.Call;
import dev.backfills.CallListener.Outcome;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The listener and writes whose outcome the client checks with a read: a lost {@code createBackfill}
 * (checked with {@code getLatestBackfill}), a {@code cancelBackfill} refused with 422 (checked with
 * {@code getBackfill}). The user made one call, so the listener sees one call: the check's requests are
 * attempts of the write's call, numbered on from the write's, and they add up to
 * {@link Outcome#attempts()}.
 */
class CallListenerChecksTest extends ServerTest {
  private final CallListenerTest.Recorder recorder = new CallListenerTest.Recorder();

  /** A create whose first answer is lost, whose check finds nothing, and whose second try succeeds. */
  private Backfill lostCreate() throws InterruptedException {
    server.enqueue(disconnectAtStart());
    enqueue(404, Bodies.GET_404); // the check: no backfill yet, so the create is sent again
    enqueue(200, Bodies.GET_200);
    Backfill created = track(builder().callListener(recorder).build())
        .createBackfill(1, 456789, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));
    assertThat(take().getMethod()).isEqualTo("POST");
    assertThat(take().getMethod()).isEqualTo("GET");
    assertThat(take().getMethod()).isEqualTo("POST");
    return created;
  }

  /** A cancel refused with 422 because the backfill is cancelled already, which its check shows. */
  private Backfill refusedCancel() {
    enqueue(422, Bodies.withoutDescription("UNPROCESSABLE_ENTITY", "The backfill is in a final state."));
    enqueue(200, Bodies.one(Bodies.backfill("").replace("RUNNING", "CANCELLED")));
    return track(builder().callListener(recorder).build()).cancelBackfill(1, 1);
  }

  /** The events of the call the first event belongs to. */
  private List<CallListenerTest.Recorder.Event> firstCall() {
    Call first = recorder.events.get(0).call();
    return recorder.events.stream().filter(e -> e.call() == first).toList();
  }

  @Test
  void aLostCreateStartsWithItsLostAttemptAndEndsWithEveryRequestCounted() throws InterruptedException {
    assertThat(lostCreate().transferBackfillId()).isEqualTo(12345);

    List<CallListenerTest.Recorder.Event> events = firstCall();
    Call call = events.get(0).call();
    assertThat(call.operation()).isEqualTo("createBackfill");
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/v1/teams/1/transfers/456789/backfills");
    assertThat(call.transferId()).isEqualTo(456789);
    assertThat(call.backfillId()).isNull();
    assertThat(events).extracting(CallListenerTest.Recorder.Event::summary)
        .startsWith("start createBackfill", "attempt 1: 0 TransportException")
        .contains("retryWait TRANSPORT_ERROR")
        .endsWith("attempt 3: 200", "end success after 3");
  }

  @Test
  void aRefusedCancelStartsWithThe422AndEndsWithTheCheckedResult() {
    assertThat(refusedCancel().status()).isEqualTo(BackfillStatus.CANCELLED);

    List<CallListenerTest.Recorder.Event> events = firstCall();
    Call call = events.get(0).call();
    assertThat(call.operation()).isEqualTo("cancelBackfill");
    assertThat(call.method()).isEqualTo("PATCH");
    assertThat(call.path()).isEqualTo("/v1/teams/1/backfills/1");
    assertThat(call.backfillId()).isEqualTo(1);
    assertThat(events).extracting(CallListenerTest.Recorder.Event::summary)
        .startsWith("start cancelBackfill", "attempt 1: 422 ApiException")
        .endsWith("end success after 2");
    assertThat(recorder.summaries()).contains("attempt 2: 200"); // the check's answer, the call's second attempt
  }

  @Test
  void aLostCreateAndItsCheckAreOneCallWithConsecutiveAttempts() throws InterruptedException {
    lostCreate();
    assertOneCallWithConsecutiveAttempts(3);
  }

  @Test
  void aCancelResolvedByItsCheckIsOneCallWithConsecutiveAttempts() {
    refusedCancel();
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
