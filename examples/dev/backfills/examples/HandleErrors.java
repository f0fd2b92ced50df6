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
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Branches on the typed exceptions: what to do for each kind of failure, and the request id to quote.
 *
 * <p>{@code mvn -q test-compile exec:java -Dexec.mainClass=dev.backfills.examples.HandleErrors}: with no
 * {@code BACKFILLS_API_TOKEN} it asks an embedded fake API for a backfill it has and one it has not;
 * with one, set {@code BACKFILLS_TEAM_ID} and {@code BACKFILLS_BACKFILL_ID} ({@code BACKFILLS_BASE_URL}
 * optional), or pass backfill ids as arguments.
 */
public final class HandleErrors {
  /** An id the embedded fake has no backfill for. */
  private static final long MISSING_ON_THE_FAKE = 999_999;

  private HandleErrors() {}

  public static void main(String[] args) {
    run(System.getenv(), System.out, args);
  }

  static void run(Map<String, String> variables, PrintStream out, String... args) {
    try (ExampleEnvironment env = ExampleEnvironment.from(variables, out);
        BackfillsClient client = env.clientBuilder().build()) {
      long teamId = env.teamId();
      List<Long> ids = new ArrayList<>();
      for (String arg : args) {
        ids.add(Long.valueOf(arg));
      }
      if (ids.isEmpty()) {
        ids.add(env.backfillId());
        if (env.isFake()) {
          ids.add(MISSING_ON_THE_FAKE); // to show the 404 path too
        }
      }
      for (long id : ids) {
        out.println(describe(client, teamId, id));
      }
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
