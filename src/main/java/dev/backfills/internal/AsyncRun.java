package dev.backfills.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/** Runs on OkHttp's dispatcher and the retry scheduler; closing or cancelling ends it at once. */
final class AsyncRun<T> extends CallRun<T> {
  private final CompletableFuture<Result<T>> future = new CompletableFuture<>();
  private final Lifecycle.Registration closeHook;
  private volatile boolean cancelled;
  private volatile @Nullable Call inFlight;
  private volatile @Nullable ScheduledFuture<?> timer;
  private volatile @Nullable Runnable afterTimer;

  AsyncRun(
      Transport transport,
      Operation<T> op,
      CallSettings settings,
      Deadline deadline,
      Lifecycle life,
      @Nullable CallRun<T> parent) {
    super(transport, op, settings, deadline, life, parent);
    this.closeHook = life.onClose(this::stop);
    // Cancelling the future (the caller's cancel reaches it) stops the run.
    CompletableFuture<Result<T>> unusedCancel = future.whenComplete((result, error) -> {
      if (future.isCancelled()) {
        cancel();
      }
    });
  }

  CompletableFuture<Result<T>> future() {
    return future;
  }

  /** Stops the run: for a cancelled future. */
  void cancel() {
    cancelled = true;
    stop();
  }

  @Override
  boolean cancelled() {
    return cancelled;
  }

  /** Cuts short what is in progress; the step that follows sees the close and ends the call. */
  private void stop() {
    Call call = inFlight;
    if (call != null) {
      call.cancel();
    }
    ScheduledFuture<?> t = timer;
    Runnable then = afterTimer;
    if (t != null && then != null && t.cancel(false)) {
      then.run();
    }
  }

  @Override
  void dispatch(Call call, AttemptTag tag, HttpUrl target) {
    long started = transport.time().nanoTime();
    inFlight = call;
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call failed, IOException e) {
        inFlight = null;
        answered(transport.failed(e, tag, op, target, deadline, life, false), tag, target, started);
      }

      @Override
      public void onResponse(Call answeredCall, Response response) {
        Answer<T> answer;
        try (response) {
          answer = transport.read(response, op, target, tag);
        } catch (IOException e) {
          answer = transport.failed(e, tag, op, target, deadline, life, false);
        }
        inFlight = null;
        answered(answer, tag, target, started);
      }
    });
    if (life.isClosed() || cancelled) {
      call.cancel(); // closed between the check before sending and the enqueue
    }
  }

  @Override
  void pause(Duration wait, Runnable then) {
    afterTimer = then;
    try {
      timer = transport.time().schedule(transport.scheduler(), wait, life, passed -> {
        timer = null;
        if (passed) {
          then.run();
        } else {
          finishClosed();
        }
      });
    } catch (RejectedExecutionException closed) {
      finishClosed();
      return;
    }
    if (life.isClosed() || cancelled) {
      stop(); // closed while scheduling
    }
  }

  @Override
  void check(Operation<T> read, Consumer<Result<T>> then) {
    AsyncRun<T> checking = new AsyncRun<>(transport, read, settings, deadline, life, this);
    checking.start();
    // The check's future always completes normally, with its result.
    CompletableFuture<Void> unused = checking.future().thenAccept(then);
  }

  @Override
  void complete(Result<T> done) {
    closeHook.cancel();
    future.complete(done);
  }
}
