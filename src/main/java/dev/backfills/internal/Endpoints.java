package dev.backfills.internal;

import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * The API's five operations as {@link Operation}s: the one place that knows their paths, bodies,
 * whether they may be resent, and how a lost answer of a write is recovered. Arguments are checked by
 * the caller.
 */
public final class Endpoints {
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

  private final HttpUrl baseUrl;
  private final Json json;
  private final Operation.BodyDecoder<Backfill> one;
  private final Operation.BodyDecoder<List<Backfill>> list;

  /** Operations under {@code baseUrl}, decoded by {@code json}. */
  public Endpoints(HttpUrl baseUrl, Json json) {
    this.baseUrl = baseUrl;
    this.json = json;
    this.one = json::readBackfill;
    this.list = json::readBackfillList;
  }

  /** {@code GET /teams/{team}/backfills/{id}}. */
  public Operation<Backfill> getBackfill(long teamId, long backfillId) {
    return read("getBackfill", backfills(teamId).addPathSegment(Long.toString(backfillId)), one,
        teamId, null, backfillId);
  }

  /** {@code GET /teams/{team}/backfills}. */
  public Operation<List<Backfill>> listIncompleteBackfills(long teamId) {
    return read("listIncompleteBackfills", backfills(teamId), list, teamId, null, null);
  }

  /** {@code GET /teams/{team}/transfers/{transfer}/backfills/latest}. */
  public Operation<Backfill> getLatestBackfill(long teamId, long transferId) {
    return read("getLatestBackfill", transferBackfills(teamId, transferId).addPathSegment("latest"), one,
        teamId, transferId, null);
  }

  /**
   * {@code POST /teams/{team}/transfers/{transfer}/backfills}. Never resent blindly: after a lost answer
   * the transfer's latest backfill tells whether the first try created it.
   */
  public Operation<Backfill> createBackfill(long teamId, long transferId, LocalDate start, LocalDate end) {
    byte[] body = json.writeStringMembers("range_start", start.toString(), "range_end", end.toString());
    Operation<Backfill> latest = getLatestBackfill(teamId, transferId);
    Operation.Recovery<Backfill> recovery = new Operation.Recovery<>() {
      @Override
      public @Nullable Operation<Backfill> checkAfter(boolean lost, int status, boolean mayHaveActed) {
        // A 422 after a lost answer may be the API refusing to overlap the backfill the first try created.
        return lost || (status == 422 && mayHaveActed) ? latest : null;
      }

      @Override
      public boolean accepts(Backfill seen) {
        return seen.status().isIncomplete() && start.equals(seen.rangeStartDate()) && end.equals(seen.rangeEndDate());
      }
    };
    return new Operation<>("createBackfill", "POST", transferBackfills(teamId, transferId).build(),
        new JsonBody(body, true), false, one, teamId, transferId, null, recovery);
  }

  /**
   * {@code PATCH /teams/{team}/backfills/{id}} with {@code {"status":"CANCELLED"}}. Idempotent; a 422
   * because it is in a final state already is resolved by reading it.
   */
  public Operation<Backfill> cancelBackfill(long teamId, long backfillId) {
    byte[] body = json.writeStringMembers("status", BackfillStatus.CANCELLED.name());
    Operation<Backfill> read = getBackfill(teamId, backfillId);
    Operation.Recovery<Backfill> recovery = new Operation.Recovery<>() {
      @Override
      public @Nullable Operation<Backfill> checkAfter(boolean lost, int status, boolean mayHaveActed) {
        return !lost && status == 422 ? read : null;
      }

      @Override
      public boolean accepts(Backfill seen) {
        return seen.status() == BackfillStatus.CANCELLED;
      }
    };
    return new Operation<>("cancelBackfill", "PATCH", backfills(teamId).addPathSegment(Long.toString(backfillId)).build(),
        new JsonBody(body, false), true, one, teamId, null, backfillId, recovery);
  }

  private static <T> Operation<T> read(
      String name,
      HttpUrl.Builder url,
      Operation.BodyDecoder<T> decoder,
      long teamId,
      @Nullable Long transferId,
      @Nullable Long backfillId) {
    return new Operation<>(name, "GET", url.build(), null, true, decoder, teamId, transferId, backfillId, null);
  }

  private HttpUrl.Builder backfills(long teamId) {
    return baseUrl.newBuilder().addPathSegment("teams").addPathSegment(Long.toString(teamId)).addPathSegment("backfills");
  }

  private HttpUrl.Builder transferBackfills(long teamId, long transferId) {
    return baseUrl.newBuilder()
        .addPathSegment("teams").addPathSegment(Long.toString(teamId))
        .addPathSegment("transfers").addPathSegment(Long.toString(transferId))
        .addPathSegment("backfills");
  }

  /**
   * A JSON body. One-shot for a write that must not run twice: OkHttp then never resends it on its own
   * (its {@code retryOnConnectionFailure} would otherwise replay it on a fresh connection).
   */
  private static final class JsonBody extends RequestBody {
    private final byte[] bytes;
    private final boolean oneShot;

    JsonBody(byte[] bytes, boolean oneShot) {
      this.bytes = bytes;
      this.oneShot = oneShot;
    }

    @Override
    public MediaType contentType() {
      return APPLICATION_JSON;
    }

    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.write(bytes);
    }

    @Override
    public boolean isOneShot() {
      return oneShot;
    }
  }
}
