package dev.backfills.testing;

import dev.backfills.model.Backfill;
import dev.backfills.testing.BackfillStore.Change;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The API's rules: one request in, one answer out, with no socket in between, so tests can ask it
 * directly. The order of the checks is the one {@link FakeBackfillsServer} documents; the first that
 * fails decides the answer. Thread-safe: its parts are.
 */
final class FakeApi {
  private static final char[] ID_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  /** What a proxy in front of the API sends when the API's answer did not reach it. */
  private static final String BAD_GATEWAY_PAGE = """
      <html>
      <head><title>502 Bad Gateway</title></head>
      <body>
      <center><h1>502 Bad Gateway</h1></center>
      </body>
      </html>
      """;

  private final Grants grants;
  private final RateBudgets budgets;
  private final Faults faults;
  private final BackfillStore store;
  private final RateLimitHeaders headerMode;
  private final AtomicLong requestIds = new AtomicLong();

  FakeApi(Grants grants, RateBudgets budgets, Faults faults, BackfillStore store, RateLimitHeaders headerMode) {
    this.grants = grants;
    this.budgets = budgets;
    this.faults = faults;
    this.store = store;
    this.headerMode = headerMode;
  }

  BackfillStore store() {
    return store;
  }

  Faults faults() {
    return faults;
  }

  /** The answer to {@code request}; a failure inside the fake is still a well-formed 500. */
  ApiAnswer answer(ApiRequest request) {
    String requestId = newRequestId();
    try {
      return decide(request, requestId);
    } catch (RuntimeException bugInTheFake) {
      return error(requestId, 500);
    }
  }

  /** The answer to bytes that the HTTP layer could not read as a request. */
  ApiAnswer refuse(HttpWire.Malformed problem) {
    String code = switch (problem.status) {
      case 411 -> "LENGTH_REQUIRED";
      case 413 -> "PAYLOAD_TOO_LARGE";
      case 431 -> "REQUEST_HEADER_FIELDS_TOO_LARGE";
      case 505 -> "HTTP_VERSION_NOT_SUPPORTED";
      default -> "BAD_REQUEST";
    };
    return error(newRequestId(), problem.status, code, HttpWire.reason(problem.status), problem.getMessage() + ".");
  }

  private ApiAnswer decide(ApiRequest request, String requestId) {
    Route route = Route.parse(request.rawPath());
    if (route == null) {
      return error(requestId, 404, "NOT_FOUND", "Not Found", "No API operation exists at this path.");
    }
    Route.Operation operation = route.operation(request.method());
    if (operation == null) {
      return error(requestId, 405, "METHOD_NOT_ALLOWED", "Method Not Allowed",
          "This path allows " + route.allow() + ".").withHeader("Allow", route.allow());
    }
    if (route.badParameter != null) {
      return error(requestId, 400, "BAD_REQUEST", "Bad Request",
          route.badParameter + " must be an integer between 1 and 9223372036854775807.");
    }
    String authorization = request.header("Authorization");
    String token = Grants.bearerToken(authorization);
    Grants.Grant grant = token == null ? null : grants.of(token);
    Instant now = store.now();
    if (token == null || grant == null) {
      RateBudgets.Spent own = budgets.spendRejected(authorization == null ? "" : authorization, now);
      return withBudget(error(requestId, 401), own).withHeader("WWW-Authenticate", "Bearer");
    }
    RateBudgets.Spent spent = budgets.spend(token, now);
    if (!spent.allowed()) {
      return withBudget(error(requestId, 429), spent)
          .withHeader("Retry-After", Long.toString(spent.retryAfterSeconds()));
    }
    Faults.Injected fault = faults.before();
    if (fault != null) {
      ApiAnswer injected = withBudget(error(requestId, fault.status()), spent);
      return fault.status() == 429
          ? injected.withHeader("Retry-After", Long.toString(fault.retryAfterSeconds()))
          : injected;
    }
    if (operation.writes() && !grant.canWrite()) {
      return withBudget(error(requestId, 403, "ACCESS_DENIED", "Access Denied",
          "The token has scope " + Grants.READ_SCOPE + " only; creating and cancelling backfills needs "
              + Grants.WRITE_SCOPE + "."), spent);
    }
    if (!grant.teams().contains(route.teamId)) {
      return withBudget(error(requestId, 403), spent);
    }
    ApiAnswer answer = withBudget(perform(operation, route, request, grant.userId(), now, requestId), spent);
    LostAnswer lost = operation.writes() ? faults.afterWrite() : null;
    if (lost == null) {
      return answer;
    }
    return switch (lost) {
      case SERVER_ERROR -> withBudget(error(requestId, 500), spent).replacing(answer);
      case BAD_GATEWAY_HTML -> ApiAnswer.html(502, BAD_GATEWAY_PAGE).replacing(answer);
      case DROP_CONNECTION -> ApiAnswer.drop().replacing(answer);
    };
  }

  /** The operation itself, for a caller allowed to ask for it. */
  private ApiAnswer perform(
      Route.Operation operation, Route route, ApiRequest request, long userId, Instant now, String requestId) {
    long team = route.teamId;
    return switch (operation) {
      case LIST -> ok(FakeJson.list(requestId, store.incomplete(team, now)));
      case GET -> found(requestId, store.get(team, route.secondId, now).orElse(null));
      case LATEST -> store.hasTransfer(team, route.secondId)
          ? found(requestId, store.latest(team, route.secondId, now).orElse(null), "NOT_FOUND", "Not Found",
              "No backfill was ever created for this transfer.")
          : noSuchTransfer(requestId);
      case CREATE -> create(request, team, route.secondId, userId, now, requestId);
      case CANCEL -> cancel(request, team, route.secondId, userId, now, requestId);
    };
  }

  private ApiAnswer create(ApiRequest request, long team, long transfer, long userId, Instant now, String requestId) {
    RequestBodies.Range range;
    try {
      range = RequestBodies.createBody(request.header("Content-Type"), request.body());
    } catch (RequestBodies.Invalid e) {
      return badRequest(requestId, e);
    }
    if (range.start().isAfter(range.end())) {
      return error(requestId, 400, "BAD_REQUEST", "Bad Request", "'range_start' " + range.start()
          + " is after 'range_end' " + range.end() + "; both ends are inclusive.");
    }
    Change change = store.create(team, transfer, range.start(), range.end(), userId, now);
    return switch (change.kind()) {
      case NO_SUCH_TRANSFER -> noSuchTransfer(requestId);
      case OVERLAPS_ACTIVE -> error(requestId, 422, "UNPROCESSABLE_ENTITY",
          "The range overlaps an active backfill of the transfer.", describe(change.backfill()) + ".");
      default -> ok(FakeJson.one(requestId, Objects.requireNonNull(change.backfill())));
    };
  }

  private ApiAnswer cancel(ApiRequest request, long team, long backfillId, long userId, Instant now,
      String requestId) {
    try {
      RequestBodies.cancelBody(request.header("Content-Type"), request.body());
    } catch (RequestBodies.Invalid e) {
      return badRequest(requestId, e);
    }
    Change change = store.cancel(team, backfillId, userId, now);
    return switch (change.kind()) {
      case NO_SUCH_BACKFILL -> error(requestId, 404);
      case ALREADY_FINAL -> error(requestId, 422, "UNPROCESSABLE_ENTITY", "The backfill is already in a final state.",
          describe(change.backfill()) + "; only CREATED, SCHEDULED, RUNNING and FAILED backfills can be cancelled.");
      default -> ok(FakeJson.one(requestId, Objects.requireNonNull(change.backfill())));
    };
  }

  private static String describe(@Nullable Backfill b) {
    Backfill backfill = Objects.requireNonNull(b);
    return "Backfill " + backfill.transferBackfillId() + " (" + backfill.rangeStartDate() + ".."
        + backfill.rangeEndDate() + ") is " + backfill.status();
  }

  private static ApiAnswer ok(byte[] body) {
    return ApiAnswer.json(200, body);
  }

  private static ApiAnswer found(String requestId, @Nullable Backfill backfill) {
    return backfill == null ? error(requestId, 404) : ok(FakeJson.one(requestId, backfill));
  }

  private static ApiAnswer found(String requestId, @Nullable Backfill backfill, String code, String message,
      String description) {
    return backfill == null ? error(requestId, 404, code, message, description) : ok(FakeJson.one(requestId, backfill));
  }

  private static ApiAnswer noSuchTransfer(String requestId) {
    return error(requestId, 404, "NOT_FOUND", "Not Found", "The transfer does not exist or is not the team's.");
  }

  private static ApiAnswer badRequest(String requestId, RequestBodies.Invalid problem) {
    return error(requestId, 400, "BAD_REQUEST", "Bad Request", problem.getMessage());
  }

  /** Adds the budget headers where the mode puts them. */
  private ApiAnswer withBudget(ApiAnswer answer, RateBudgets.Spent spent) {
    int status = answer.status();
    boolean documented = status == 400 || status == 401 || status == 422 || status == 429 || status >= 500;
    if (headerMode == RateLimitHeaders.AS_DOCUMENTED && !documented) {
      return answer;
    }
    return answer.withHeader("X-RateLimit-Limit", Integer.toString(spent.limit()))
        .withHeader("X-RateLimit-Remaining", Integer.toString(spent.remaining()));
  }

  /** The vendor's error body for {@code status}, as documented where the vendor documents one. */
  static ApiAnswer error(String requestId, int status) {
    return switch (status) {
      case 400 -> error(requestId, status, "BAD_REQUEST", "Bad Request", "The request is not valid.");
      case 401 -> error(requestId, status, "ACCESS_TOKEN_INVALID", "Invalid Access Token",
          "Provided access token is either missing, invalid or expired.");
      case 403 -> error(requestId, status, "ACCESS_DENIED", "Access Denied",
          "You do not have permission to perform this operation.");
      case 404 -> error(requestId, status, "NOT_FOUND", "Not Found",
          "The requested backfill could not be found or you do not have access to it.");
      case 409 -> error(requestId, status, "CONFLICT_ERROR", "Conflict", null);
      case 422 -> error(requestId, status, "UNPROCESSABLE_ENTITY", "Unprocessable Entity", null);
      case 429 -> error(requestId, status, "TOO_MANY_REQUESTS", "Rate limit exceeded. Retry later.", null);
      case 500 -> error(requestId, status, "INTERNAL_SERVER_ERROR", "An unexpected error occurred.", null);
      case 502 -> error(requestId, status, "BAD_GATEWAY", "An upstream service returned an invalid response.", null);
      case 503 -> error(requestId, status, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.", null);
      case 504 -> error(requestId, status, "GATEWAY_TIMEOUT", "An upstream service did not answer in time.", null);
      default -> error(requestId, status, "ERROR_" + status, "Injected error with HTTP status " + status + ".", null);
    };
  }

  private static ApiAnswer error(String requestId, int status, String code, String message,
      @Nullable String description) {
    return ApiAnswer.json(status, FakeJson.error(requestId, code, message, description));
  }

  /** Unique per server, within the documented shape: {@code ^[A-Za-z0-9_-]+$}, at most 50 characters. */
  private String newRequestId() {
    StringBuilder id = new StringBuilder(40);
    id.append("fake-").append(String.format("%010d", requestIds.incrementAndGet())).append('-');
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 8; i++) {
      id.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
    }
    return id.toString();
  }
}
