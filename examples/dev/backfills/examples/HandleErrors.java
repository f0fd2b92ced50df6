package dev.backfills.examples;

import dev.backfills.BackfillsClient;
import dev.backfills.exception.ApiException;
import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.ForbiddenException;
import dev.backfills.exception.MalformedResponseException;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.TransportException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.model.Backfill;
import java.util.Optional;

/**
 * Branches on the typed exceptions: what to do for each kind of failure, and the request id to quote.
 *
 * <p>Run with {@code BACKFILLS_API_TOKEN}, {@code BACKFILLS_TEAM_ID} and {@code BACKFILLS_BACKFILL_ID} set.
 */
public final class HandleErrors {
  private HandleErrors() {}

  public static void main(String[] args) {
    try (BackfillsClient client = BackfillsClient.builder().token(System.getenv("BACKFILLS_API_TOKEN")).build()) {
      long teamId = Long.parseLong(System.getenv("BACKFILLS_TEAM_ID"));
      long backfillId = Long.parseLong(System.getenv("BACKFILLS_BACKFILL_ID"));
      System.out.println(describe(client, teamId, backfillId));
    }
  }

  /** One line saying what happened, whatever happened. */
  static String describe(BackfillsClient client, long teamId, long backfillId) {
    try {
      Optional<Backfill> found = find(client, teamId, backfillId);
      return found.map(b -> "backfill " + b.transferBackfillId() + " is " + b.status())
          .orElse("no backfill " + backfillId + " in team " + teamId);
    } catch (UnauthorizedException e) {
      return "the token is missing, invalid or expired; get a new one (request id " + e.requestId() + ")";
    } catch (ForbiddenException e) {
      return "this token may not read team " + teamId + " (request id " + e.requestId() + ")";
    } catch (RateLimitException e) {
      return "request budget spent; try again in "
          + e.retryAfter().map(d -> d.toSeconds() + " s").orElse("a while");
    } catch (ApiException e) {
      return "the API answered " + e.statusCode() + " (request id " + e.requestId() + "): " + e.getMessage();
    } catch (TransportException e) {
      return "could not reach the API: " + e.getCause();
    } catch (MalformedResponseException e) {
      return "the API answered something unexpected (request id " + e.requestId() + "): " + e.getMessage();
    } catch (BackfillsException e) {
      return "failed: " + e.getMessage();
    }
  }

  /** A 404 is an answer, not a failure, for a lookup: turn it into an empty Optional. */
  static Optional<Backfill> find(BackfillsClient client, long teamId, long backfillId) {
    try {
      return Optional.of(client.getBackfill(teamId, backfillId));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }
}
