package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backfills.CallListener.Attempt;
import dev.backfills.CallListener.Call;
import dev.backfills.CallListener.Outcome;
import dev.backfills.CallListener.RetryReason;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.ServerException;
import dev.backfills.exception.TransportException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.model.Backfill;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link CallListener} contract, seen through a listener that records every event: which events a
 * call produces and in what order, for blocking and asynchronous calls; one {@link Call} instance per
 * call; a listener that throws never breaks a call; and nothing a listener is handed holds the token.
 */
class CallListenerTest {
  private static final long TEAM = FakeBackfillsServer.DEFAULT_TEAM_ID;
  /** Granted explicitly, so that a leak of it is unmistakable. */
  private static final String TOKEN = "listener-test-token-8d2e4b61c0";

  private final FakeBackfillsServer server =
      FakeBackfillsServer.builder().grant(TOKEN, TEAM).rateLimitPerHour(10_000).build();
  private final FakeTime time = new FakeTime();
  private final Recorder recorder = new Recorder();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    server.close();
  }

  /** A client of the fake that skips its waits (recording them in {@link #time}), told to {@code listener}. */
  private BackfillsClient client(CallListener listener) {
    return client(builder(server.baseUrl(), TOKEN).timeSource(time).callListener(listener));
  }

  /** A client for asynchronous calls: those wait on a real scheduler, so their backoff is zero. */
  private BackfillsClient asyncClient(CallListener listener) {
    return client(builder(server.baseUrl(), TOKEN).retryBackoff(Duration.ZERO, Duration.ZERO).callListener(listener));
  }

  private static BackfillsClient.Builder builder(String baseUrl, String token) {
    return BackfillsClient.builder().baseUrl(baseUrl).token(token);
  }

  private BackfillsClient client(BackfillsClient.Builder builder) {
    BackfillsClient client = builder.build();
    toClose.add(client);
    return client;
  }

  private long addBackfill() {
    return server.addBackfill(TEAM, FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3))
        .runDuration(Duration.ofHours(1)).build()).transferBackfillId();
  }

  /** A loopback address where nothing listens: a connection there is refused. */
  private static String closedPortUrl() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void aSuccessIsStartAttemptEnd() {
    long id = addBackfill();
    BackfillsClient client = client(builder(server.baseUrl(), TOKEN).callListener(recorder)); // real time

    ApiResponse<Backfill> response = client.getBackfillWithResponse(TEAM, id);

    assertThat(recorder.summaries()).containsExactly("start getBackfill", "attempt 1: 200", "end success after 1");
    Call call = recorder.events.get(0).call();
    assertThat(call.callId()).isEqualTo(1);
    assertThat(call.operation()).isEqualTo("getBackfill");
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v1/teams/" + TEAM + "/backfills/" + id);
    assertThat(call.teamId()).isEqualTo(TEAM);
    assertThat(call.transferId()).isNull();
    assertThat(call.backfillId()).isEqualTo(id);

    Attempt attempt = recorder.detail(1, Attempt.class);
    assertThat(attempt.number()).isEqualTo(1);
    assertThat(attempt.failure()).isNull();
    assertThat(attempt.duration()).isPositive();
    assertThat(attempt.requestId()).isNotBlank().isEqualTo(response.requestId());

    Outcome outcome = recorder.detail(2, Outcome.class);
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.outcome()).isEqualTo("success");
    assertThat(outcome.failure()).isNull();
    assertThat(outcome.attempts()).isEqualTo(1).isEqualTo(response.attempts());
    assertThat(outcome.duration()).isGreaterThanOrEqualTo(attempt.duration());
    assertThat(outcome.requestId()).isEqualTo(response.requestId());
    assertThat(outcome.rateLimit()).isEqualTo(response.rateLimit()); // null: the fake announces the budget on errors only
  }

  @Test
  void aListNamesItsOperationAndNoBackfill() {
    client(recorder).listIncompleteBackfills(TEAM);

    Call call = recorder.events.get(0).call();
    assertThat(call.operation()).isEqualTo("listIncompleteBackfills");
    assertThat(call.path()).isEqualTo("/v1/teams/" + TEAM + "/backfills");
    assertThat(call.backfillId()).isNull();
    assertThat(call.transferId()).isNull();
    assertThat(recorder.summaries()).containsExactly(
        "start listIncompleteBackfills", "attempt 1: 200", "end success after 1");
  }

  @Test
  void aRetried503IsTwoAttemptsWithAServerErrorWaitBetween() {
    long id = addBackfill();
    server.failNext(1, 503);

    client(recorder).getBackfill(TEAM, id);

    assertThat(recorder.summaries()).containsExactly(
        "start getBackfill",
        "attempt 1: 503 ServerException",
        "retryWait SERVER_ERROR",
        "attempt 2: 200",
        "end success after 2");
    Attempt first = recorder.detail(1, Attempt.class);
    assertThat(first.failure()).isInstanceOf(ServerException.class);
    assertThat(first.requestId()).isNotBlank();
    Duration wait = recorder.detail(2, Duration.class);
    assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(500)); // full jitter under the 0.5 s base
    assertThat(time.sleeps()).containsExactly(wait);
    Outcome outcome = recorder.detail(4, Outcome.class);
    assertThat(outcome.requestId()).isEqualTo(recorder.detail(3, Attempt.class).requestId())
        .isNotEqualTo(first.requestId());
  }

  @Test
  void a429WithRetryAfterStartsACoolDownAndWaitsItOut() {
    long id = addBackfill();
    server.failNext(1, 429); // Retry-After: 1

    client(recorder).getBackfill(TEAM, id);

    assertThat(recorder.summaries()).containsExactly(
        "start getBackfill",
        "attempt 1: 429 RateLimitException",
        "coolDown",
        "retryWait RATE_LIMITED",
        "attempt 2: 200",
        "end success after 2");
    assertThat(recorder.detail(2, Duration.class)).isEqualTo(Duration.ofSeconds(1));
    assertThat(recorder.detail(3, Duration.class)).isEqualTo(Duration.ofSeconds(1));
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void aCallHeldBackByAnotherCallsCoolDownWaitsWithReasonCoolDown() {
    long id = addBackfill();
    BackfillsClient client = client(recorder);
    server.failNext(1, 429);

    // A view without retries: the 429 ends the first call, but its cool-down holds for the whole client.
    assertThatThrownBy(() -> client.withMaxRetries(0).getBackfill(TEAM, id)).isInstanceOf(RateLimitException.class);
    client.getBackfill(TEAM, id);

    assertThat(recorder.summaries()).containsExactly(
        "start getBackfill",
        "attempt 1: 429 RateLimitException",
        "coolDown",
        "end RateLimitException after 1",
        "start getBackfill",
        "retryWait COOL_DOWN",
        "attempt 1: 200",
        "end success after 1");
    assertThat(recorder.detail(5, Duration.class)).isEqualTo(Duration.ofSeconds(1));
    assertThat(recorder.events.get(0).call().callId()).isEqualTo(1);
    assertThat(recorder.events.get(4).call().callId()).isEqualTo(2);
  }

  @Test
  void aRefusedConnectionIsAnAttemptWithoutStatus() throws IOException {
    BackfillsClient client = client(builder(closedPortUrl(), TOKEN).timeSource(time).maxRetries(1).callListener(recorder));

    TransportException thrown = catchThrowableOfType(TransportException.class, () -> client.getBackfill(TEAM, 7));

    assertThat(recorder.summaries()).containsExactly(
        "start getBackfill",
        "attempt 1: 0 TransportException",
        "retryWait TRANSPORT_ERROR",
        "attempt 2: 0 TransportException",
        "end TransportException after 2");
    Attempt first = recorder.detail(1, Attempt.class);
    assertThat(first.statusCode()).isZero();
    assertThat(first.requestId()).isNull();
    Outcome outcome = recorder.detail(4, Outcome.class);
    assertThat(outcome.failure()).isSameAs(thrown);
    assertThat(outcome.requestId()).isNull();
    assertThat(outcome.rateLimit()).isNull();
  }

  @Test
  void aFailedCallEndsWithTheExceptionItThrows() {
    BackfillsClient client = client(recorder);

    NotFoundException thrown = catchThrowableOfType(NotFoundException.class, () -> client.getBackfill(TEAM, 999_999));

    assertThat(recorder.summaries()).containsExactly(
        "start getBackfill", "attempt 1: 404 NotFoundException", "end NotFoundException after 1");
    Outcome outcome = recorder.detail(2, Outcome.class);
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.failure()).isSameAs(thrown);
    assertThat(outcome.requestId()).isNotBlank().isEqualTo(thrown.requestId());
  }

  @Test
  void asyncCallsGetTheSameEvents() {
    long id = addBackfill();
    BackfillsClient client = asyncClient(recorder);

    client.getBackfillAsync(TEAM, id).join();
    server.failNext(1, 503);
    client.getBackfillAsync(TEAM, id).join();
    CompletableFuture<List<Backfill>> notFound = client.listIncompleteBackfillsAsync(TEAM + 1);
    assertThatThrownBy(notFound::join).isInstanceOf(CompletionException.class);

    // onCallEnd runs before the future completes, so every event is in by now.
    assertThat(recorder.summaries()).containsExactly(
        "start getBackfill", "attempt 1: 200", "end success after 1",
        "start getBackfill",
        "attempt 1: 503 ServerException",
        "retryWait SERVER_ERROR",
        "attempt 2: 200",
        "end success after 2",
        "start listIncompleteBackfills", "attempt 1: 403 ForbiddenException", "end ForbiddenException after 1");
  }

  @Test
  void everyEventOfOneCallHasTheSameCallInstance() {
    long id = addBackfill();
    BackfillsClient client = asyncClient(recorder);
    server.failNext(2, 503); // fewer than the 3 attempts a call may make, so that every call succeeds
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      calls.add(i % 2 == 0 ? client.getBackfillAsync(TEAM, id) : client.listIncompleteBackfillsAsync(TEAM));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture<?>[]::new)).join();

    Map<Long, List<Recorder.Event>> byId = new LinkedHashMap<>();
    recorder.events.forEach(e -> byId.computeIfAbsent(e.call().callId(), k -> new ArrayList<>()).add(e));
    assertThat(byId.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    byId.values().forEach(events -> {
      Call first = events.get(0).call();
      assertThat(events).allSatisfy(e -> assertThat(e.call()).isSameAs(first));
      assertThat(events.get(0).summary()).startsWith("start ");
      assertThat(events.get(events.size() - 1).summary()).startsWith("end success");
      assertThat(events).filteredOn(e -> e.summary().startsWith("end ")).hasSize(1);
    });
    assertThat(recorder.summaries()).filteredOn(s -> s.startsWith("retryWait")).containsOnly("retryWait SERVER_ERROR")
        .hasSize(2);

    Recorder other = new Recorder();
    client(other).getBackfill(TEAM, id);
    assertThat(other.events.get(0).call().callId()).as("ids count per client").isEqualTo(1);
  }

  @Test
  void aListenerThatThrowsNeverBreaksACallAndIsLogged() {
    long id = addBackfill();
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger("dev.backfills.BackfillsClient");
    logger.addHandler(capture);
    try {
      Throwing throwing = new Throwing();
      BackfillsClient client = client(throwing);
      BackfillsClient async = asyncClient(throwing);

      server.failNext(1, 429);
      assertThat(client.getBackfill(TEAM, id).transferBackfillId()).isEqualTo(id); // 6 events
      server.failNext(1, 503);
      assertThat(async.getBackfillAsync(TEAM, id).join().transferBackfillId()).isEqualTo(id); // 5 events
      assertThatThrownBy(() -> client.getBackfill(TEAM, 999_999)).isInstanceOf(NotFoundException.class); // 3

      assertThat(throwing.calls).hasSize(14);
      assertThat(throwing.calls).containsOnly("onCallStart", "onAttempt", "onRetryWait", "onCoolDown", "onCallEnd");
      assertThat(warnings).hasSize(14).allSatisfy(r -> {
        assertThat(r.getMessage()).isEqualTo("a CallListener threw; the call goes on");
        assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("listener bug in ");
      });
    } finally {
      logger.removeHandler(capture);
    }
  }

  @Test
  void nothingTheListenerIsHandedHoldsTheToken() throws IOException {
    long id = addBackfill();
    BackfillsClient client = client(recorder);
    client.getBackfill(TEAM, id);
    client.listIncompleteBackfills(TEAM);
    assertThatThrownBy(() -> client.getBackfill(TEAM, 999_999)).isInstanceOf(NotFoundException.class);
    server.failNext(1, 503);
    client.getBackfill(TEAM, id);
    server.failNext(1, 429);
    client.getBackfill(TEAM, id);
    assertThatThrownBy(() -> client(builder(closedPortUrl(), TOKEN).timeSource(time).maxRetries(1)
        .callListener(recorder)).getBackfill(TEAM, id)).isInstanceOf(TransportException.class);
    String wrongToken = TOKEN + "-not-granted";
    assertThatThrownBy(() -> client(builder(server.baseUrl(), wrongToken).timeSource(time).callListener(recorder))
        .getBackfill(TEAM, id)).isInstanceOf(UnauthorizedException.class);

    List<String> seen = new ArrayList<>();
    for (Recorder.Event e : recorder.events) {
      seen.add(e.call().toString());
      seen.add(String.valueOf(e.detail()));
      Throwable failure = e.detail() instanceof Attempt a ? a.failure()
          : e.detail() instanceof Outcome o ? o.failure() : null;
      if (failure != null) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace)); // messages, causes and suppressed ones
        seen.add(trace.toString());
      }
    }
    assertThat(seen).anyMatch(s -> s.contains("UnauthorizedException")).anyMatch(s -> s.contains("TransportException"));
    assertThat(seen).noneMatch(s -> s.contains(TOKEN));
  }

  /** Records every event, with a one-line summary for order assertions. */
  static final class Recorder implements CallListener {
    record Event(String summary, Call call, @Nullable Object detail) {}

    final List<Event> events = new CopyOnWriteArrayList<>();

    List<String> summaries() {
      return events.stream().map(Event::summary).toList();
    }

    <T> T detail(int index, Class<T> type) {
      return type.cast(events.get(index).detail());
    }

    @Override
    public void onCallStart(Call call) {
      events.add(new Event("start " + call.operation(), call, null));
    }

    @Override
    public void onAttempt(Call call, Attempt attempt) {
      RuntimeException failure = attempt.failure();
      events.add(new Event("attempt " + attempt.number() + ": " + attempt.statusCode()
          + (failure == null ? "" : " " + failure.getClass().getSimpleName()), call, attempt));
    }

    @Override
    public void onRetryWait(Call call, Duration wait, RetryReason reason) {
      events.add(new Event("retryWait " + reason, call, wait));
    }

    @Override
    public void onCoolDown(Call call, Duration pause) {
      events.add(new Event("coolDown", call, pause));
    }

    @Override
    public void onCallEnd(Call call, Outcome outcome) {
      events.add(new Event("end " + outcome.outcome() + " after " + outcome.attempts(), call, outcome));
    }
  }

  /** Throws from every method, after noting which was called. */
  static final class Throwing implements CallListener {
    final List<String> calls = new CopyOnWriteArrayList<>();

    private void fail(String method) {
      calls.add(method);
      throw new IllegalStateException("listener bug in " + method);
    }

    @Override
    public void onCallStart(Call call) {
      fail("onCallStart");
    }

    @Override
    public void onAttempt(Call call, Attempt attempt) {
      fail("onAttempt");
    }

    @Override
    public void onRetryWait(Call call, Duration wait, RetryReason reason) {
      fail("onRetryWait");
    }

    @Override
    public void onCoolDown(Call call, Duration pause) {
      fail("onCoolDown");
    }

    @Override
    public void onCallEnd(Call call, Outcome outcome) {
      fail("onCallEnd");
    }
  }
}
