package dev.backfills.internal;

import dev.backfills.exception.BackfillsException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/** Runs on the caller's thread; each step hands the next to a loop, so retries never deepen the stack. */
final class BlockingRun<T> extends CallRun<T> {
  private @Nullable Runnable next;
  private @Nullable Result<T> result;

  BlockingRun(
      Transport transport,
      Operation<T> op,
      CallSettings settings,
      Deadline deadline,
      Lifecycle life,
      @Nullable CallRun<T> parent) {
    super(transport, op, settings, deadline, life, parent);
  }

  Result<T> run() {
    next = this::start;
    for (Runnable step = next; step != null; step = next) {
      next = null;
      step.run();
    }
    return Objects.requireNonNull(result, "a finished run has its result");
  }

  @Override
  void dispatch(Call call, AttemptTag tag, HttpUrl target) {
    long started = transport.time().nanoTime();
    Lifecycle.Registration cancelOnClose = life.onClose(call::cancel);
    Answer<T> answer;
    try (Response response = call.execute()) {
      answer = transport.read(response, op, target, tag);
    } catch (IOException e) {
      answer = transport.failed(e, tag, op, target, deadline, life, true);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // OkHttp is Kotlin: while it waits for a connection it can throw InterruptedException undeclared,
      // clearing the thread's interrupt flag. Restore the flag and fail like any other interrupt.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      answer = Answer.noAnswer(Answer.Kind.FINAL, new BackfillsException(op + ": interrupted", e), false);
    } finally {
      cancelOnClose.cancel();
    }
    Answer<T> classified = answer;
    next = () -> answered(classified, tag, target, started);
  }

  @Override
  void pause(Duration wait, Runnable then) {
    try {
      next = transport.time().sleep(wait, life) ? then : this::finishClosed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      next = () -> finish(new BackfillsException(op + ": interrupted while waiting to retry", e), false);
    }
  }

  @Override
  void check(Operation<T> read, Consumer<Result<T>> then) {
    Result<T> checked = new BlockingRun<>(transport, read, settings, deadline, life, this).run();
    next = () -> then.accept(checked);
  }

  @Override
  void complete(Result<T> done) {
    result = done;
  }
}
