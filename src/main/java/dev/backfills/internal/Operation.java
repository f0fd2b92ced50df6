package dev.backfills.internal;

import java.io.IOException;
import java.io.InputStream;
import okhttp3.HttpUrl;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * One API operation, described once: what to send, whether it may be sent again, how to read its
 * answer, and how to find out whether a failed try took effect anyway. {@link Transport} runs any of
 * them the same way, blocking or not; {@link Endpoints} makes them.
 *
 * @param <T> what a successful answer decodes to
 * @param name the client method's name, such as {@code getBackfill}
 * @param method the HTTP method
 * @param url the full URL
 * @param body the request body, or null for none
 * @param idempotent whether sending it twice has the effect of sending it once, so any failure may be
 *     retried
 * @param decoder reads a 2xx answer
 * @param teamId the team
 * @param transferId the transfer, or null
 * @param backfillId the backfill, or null
 * @param recovery how to learn what a failed try did, or null when failures are only retried or thrown
 */
public record Operation<T>(
    String name,
    String method,
    HttpUrl url,
    @Nullable RequestBody body,
    boolean idempotent,
    BodyDecoder<T> decoder,
    long teamId,
    @Nullable Long transferId,
    @Nullable Long backfillId,
    @Nullable Recovery<T> recovery) {
  /** Decodes a 2xx body into an envelope. */
  @FunctionalInterface
  public interface BodyDecoder<T> {
    /** Reads the body; syntax problems are reported in the envelope, I/O failures thrown. */
    Envelope<T> decode(InputStream body) throws IOException;
  }

  /**
   * For a write whose answer was lost or refused: the read that tells what the server did.
   *
   * @param <T> what the operation returns
   */
  public interface Recovery<T> {
    /**
     * The read that checks whether a failed try took effect, or null when this failure needs no check.
     *
     * @param lost whether the request reached the server and its answer was lost (a 5xx, a dropped or
     *     timed-out connection, an unreadable 2xx); otherwise the server refused it with {@code status}
     * @param status the refusal's HTTP status, or 0
     * @param mayHaveActed whether an earlier try of this call lost its answer, so that it may have
     *     taken effect
     */
    @Nullable Operation<T> checkAfter(boolean lost, int status, boolean mayHaveActed);

    /** Whether what the check read is the result the write was after. */
    boolean accepts(T seen);
  }

  /** "GET /v1/teams/1/backfills", for messages and logs. */
  @Override
  public String toString() {
    return method + " " + url.encodedPath();
  }
}
