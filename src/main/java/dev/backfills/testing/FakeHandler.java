package dev.backfills.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What happens around the API's rules for every request the server receives: it is counted, decided by
 * {@link FakeApi}, written to the request log (method, raw path, outcome; never a header), and held back
 * for the test's {@linkplain FakeBackfillsServer#delayResponses(Duration) delay}. Thread-safe.
 */
final class FakeHandler implements LoopbackHttpServer.Handler {
  private final FakeApi api;
  private final List<String> log = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Duration delay = Duration.ZERO;

  FakeHandler(FakeApi api) {
    this.api = api;
  }

  @Override
  public ApiAnswer answer(ApiRequest request) throws InterruptedException {
    requests.incrementAndGet();
    ApiAnswer answer = logged(request.method(), request.rawPath(), api.answer(request));
    Duration wait = delay;
    if (!wait.isZero()) {
      Thread.sleep(wait.toMillis()); // closing the server interrupts it; the connection ends unanswered
    }
    return answer;
  }

  @Override
  public ApiAnswer refuse(HttpWire.Malformed problem) {
    requests.incrementAndGet();
    return logged(problem.method, problem.rawPath, api.refuse(problem));
  }

  void delay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    this.delay = delay;
  }

  int requestCount() {
    return requests.get();
  }

  List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  private ApiAnswer logged(@Nullable String method, @Nullable String rawPath, ApiAnswer answer) {
    String line = (method == null ? "?" : method) + " " + (rawPath == null ? "?" : rawPath) + " -> " + answer.outcome();
    synchronized (log) {
      log.add(line);
    }
    return answer;
  }
}
