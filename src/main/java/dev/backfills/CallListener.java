package dev.backfills;

import dev.backfills.model.RateLimit;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Told what each call of a {@link BackfillsClient} does: its start, every attempt on the wire, every
 * wait before a retry, every cool-down a 429 started, and its end. For metrics and tracing; register
 * one with {@link BackfillsClient.Builder#callListener(CallListener)}. Every method has an empty
 * default: implement the ones you need.
 *
 * <p>Methods are called synchronously, on the thread doing the work (the caller's for blocking calls,
 * OkHttp's dispatcher or the retry scheduler for asynchronous ones), so they must be quick and
 * thread-safe. An exception a listener throws is logged and otherwise ignored: it never breaks a call.
 * Nothing passed here holds the token.
 *
 * <p>The same {@link Call} instance is passed to every method for one call; its {@link Call#callId()}
 * is unique within the client, so it can key per-call state such as a tracing span.
 *
 * <pre>{@code
 * BackfillsClient client = BackfillsClient.builder()
 *     .token(token)
 *     .callListener(new CallListener() {
 *       public void onCallEnd(Call call, Outcome outcome) {
 *         log.info("{} {} after {} attempt(s)", call.operation(), outcome.outcome(), outcome.attempts());
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface CallListener {
  /**
   * A call begins, before anything is sent.
   *
   * @param call the call
   */
  default void onCallStart(Call call) {}

  /**
   * One attempt ended: an answer arrived (whatever its status) or no answer did.
   *
   * @param call the call
   * @param attempt what happened
   */
  default void onAttempt(Call call, Attempt attempt) {}

  /**
   * The call waits before its next request.
   *
   * @param call the call
   * @param wait how long
   * @param reason why
   */
  default void onRetryWait(Call call, Duration wait, RetryReason reason) {}

  /**
   * A 429 answer to this call made the whole client hold back every request for {@code pause}.
   *
   * @param call the call
   * @param pause the cool-down, from the answer's {@code Retry-After}
   */
  default void onCoolDown(Call call, Duration pause) {}

  /**
   * The call ended, with a result or an exception.
   *
   * @param call the call
   * @param outcome how it ended
   */
  default void onCallEnd(Call call, Outcome outcome) {}

  /**
   * One call of the client: which operation, on what.
   *
   * @param callId unique within the client, counting up from 1
   * @param operation the client method's name, such as {@code getBackfill} or {@code createBackfill}
   * @param method the HTTP method
   * @param path the URL path, such as {@code /v1/teams/1/backfills/12345}
   * @param teamId the team
   * @param transferId the transfer, for operations on one
   * @param backfillId the backfill, for operations on one
   */
  record Call(
      long callId,
      String operation,
      String method,
      String path,
      long teamId,
      @Nullable Long transferId,
      @Nullable Long backfillId) {}

  /**
   * One request on the wire and what came of it.
   *
   * @param number the attempt, counting from 1 within the call
   * @param statusCode the HTTP status of the answer, or 0 when none arrived
   * @param failure what this attempt failed with, or null when it succeeded
   * @param duration from sending to the end of reading the answer
   * @param requestId the answer's {@code meta.request_id}, or null
   */
  record Attempt(
      int number,
      int statusCode,
      @Nullable RuntimeException failure,
      Duration duration,
      @Nullable String requestId) {}

  /** Why a call waits before its next request. */
  enum RetryReason {
    /** A 429 answer: the wait is its {@code Retry-After}, or backoff when it had none. */
    RATE_LIMITED,
    /** A 5xx answer: exponential backoff with jitter. */
    SERVER_ERROR,
    /** No answer (refused, reset, timed out): exponential backoff with jitter. */
    TRANSPORT_ERROR,
    /** Another call's 429 asked the whole client to hold back; this call waits out that cool-down. */
    COOL_DOWN
  }

  /**
   * How a call ended.
   *
   * @param failure the exception the call threw, or null when it succeeded
   * @param attempts how many requests the call sent
   * @param duration from the start of the call to its end
   * @param requestId the request id of the last answer, or null
   * @param rateLimit the budget the last answer announced, or null
   */
  record Outcome(
      @Nullable RuntimeException failure,
      int attempts,
      Duration duration,
      @Nullable String requestId,
      @Nullable RateLimit rateLimit) {

    /**
     * Whether the call returned a result.
     *
     * @return true when it succeeded
     */
    public boolean succeeded() {
      return failure == null;
    }

    /**
     * A short name for the outcome, for a metric tag: {@code success}, or the exception's simple class
     * name ({@code NotFoundException}, {@code TransportException}, …).
     *
     * @return the outcome's name
     */
    public String outcome() {
      RuntimeException f = failure;
      return f == null ? "success" : f.getClass().getSimpleName();
    }
  }
}
