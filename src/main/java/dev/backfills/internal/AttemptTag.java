package dev.backfills.internal;

import okhttp3.Interceptor;
import org.jspecify.annotations.Nullable;

/**
 * Travels with one attempt's request through OkHttp's interceptors, which fill it in: the token that
 * was sent (so exactly that token is scrubbed from messages), the budget headers of the answer (parsed
 * once), and whether the request reached a connection (so a write whose connection failed before that
 * can be resent safely). Carries the deadline the token provider must answer within.
 */
public final class AttemptTag {
  /**
   * A network interceptor: runs once a connection is there, just before the request is written, and
   * records that it got that far. A failure before it means the server cannot have seen the request.
   */
  public static final Interceptor MARK_REACHED_CONNECTION = chain -> {
    AttemptTag tag = chain.request().tag(AttemptTag.class);
    if (tag != null) {
      tag.reachedConnection = true;
    }
    return chain.proceed(chain.request());
  };

  final Deadline deadline;
  final TimeSource time;
  volatile @Nullable String token;
  volatile AnswerHeaders headers = AnswerHeaders.NONE;
  volatile boolean reachedConnection;
  /** The status of the answer once its headers arrived; 0 before. */
  volatile int status;

  /** A tag for an attempt bounded by {@code deadline}. */
  public AttemptTag(Deadline deadline, TimeSource time) {
    this.deadline = deadline;
    this.time = time;
  }

  /** The token a provider handed out for this attempt, or null for a fixed token or before sending. */
  public @Nullable String token() {
    return token;
  }

  /** What the answer's headers said; {@link AnswerHeaders#NONE} before an answer. */
  public AnswerHeaders headers() {
    return headers;
  }

  /**
   * Whether the request got as far as a connection. When not, the server cannot have seen it: refused
   * connections, DNS and TLS failures all happen before.
   */
  public boolean reachedConnection() {
    return reachedConnection;
  }
}
