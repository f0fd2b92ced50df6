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
 */
public final class Operation<T> {
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

  private final String name;
  private final String method;
  private final HttpUrl url;
  private final @Nullable RequestBody body;
  private final boolean idempotent;
  private final BodyDecoder<T> decoder;
  private final long teamId;
  private final @Nullable Long transferId;
  private final @Nullable Long backfillId;
  private final @Nullable Recovery<T> recovery;

  Operation(
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
    this.name = name;
    this.method = method;
    this.url = url;
    this.body = body;
    this.idempotent = idempotent;
    this.decoder = decoder;
    this.teamId = teamId;
    this.transferId = transferId;
    this.backfillId = backfillId;
    this.recovery = recovery;
  }

  /** The client method's name, such as {@code getBackfill}. */
  public String name() {
    return name;
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The full URL. */
  public HttpUrl url() {
    return url;
  }

  /** The request body, or null for none. */
  public @Nullable RequestBody body() {
    return body;
  }

  /** Whether sending it twice has the effect of sending it once, so any failure may be retried. */
  public boolean idempotent() {
    return idempotent;
  }

  /** Reads a 2xx answer. */
  public BodyDecoder<T> decoder() {
    return decoder;
  }

  /** The team. */
  public long teamId() {
    return teamId;
  }

  /** The transfer, or null. */
  public @Nullable Long transferId() {
    return transferId;
  }

  /** The backfill, or null. */
  public @Nullable Long backfillId() {
    return backfillId;
  }

  /** How to learn what a failed try did, or null when failures are only retried or thrown. */
  public @Nullable Recovery<T> recovery() {
    return recovery;
  }

  /** "GET /v1/teams/1/backfills", for messages and logs. */
  @Override
  public String toString() {
    return method + " " + url.encodedPath();
  }
}
