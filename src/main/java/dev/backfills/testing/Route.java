package dev.backfills.testing;

import org.jspecify.annotations.Nullable;

/**
 * A request path matched against the API's operations, with the ids it names. Paths are matched raw
 * (still percent-encoded), segment by segment; an empty segment or a trailing slash makes another path.
 *
 * <pre>
 * /v1/teams/{team_id}/backfills                                 GET    list incomplete
 * /v1/teams/{team_id}/backfills/{backfill_id}                   GET    get one, PATCH cancel
 * /v1/teams/{team_id}/transfers/{transfer_id}/backfills         POST   create
 * /v1/teams/{team_id}/transfers/{transfer_id}/backfills/latest  GET    latest of the transfer
 * </pre>
 */
final class Route {
  /** What a request asks for, once its path and method are matched. */
  enum Operation {
    LIST(false), GET(false), CANCEL(true), CREATE(true), LATEST(false);

    private final boolean writes;

    Operation(boolean writes) {
      this.writes = writes;
    }

    /** Whether it changes something (POST or PATCH), so needs the write scope. */
    boolean writes() {
      return writes;
    }
  }

  /** The four paths, with the methods each allows. */
  private enum Shape {
    TEAM_BACKFILLS("GET"), BACKFILL("GET, PATCH"), TRANSFER_BACKFILLS("POST"), LATEST("GET");

    final String allow;

    Shape(String allow) {
      this.allow = allow;
    }
  }

  private final Shape shape;
  final long teamId;
  /** The backfill id (GET one, PATCH) or the transfer id (POST, latest); 0 for the list. */
  final long secondId;
  /** The path parameter that is not an integer from 1 to 2^63-1, or null when all are. */
  final @Nullable String badParameter;

  private Route(Shape shape, long teamId, long secondId, @Nullable String badParameter) {
    this.shape = shape;
    this.teamId = teamId;
    this.secondId = secondId;
    this.badParameter = badParameter;
  }

  /** The route of {@code rawPath}, or null when no operation lives there. */
  static @Nullable Route parse(String rawPath) {
    String[] p = rawPath.split("/", -1);
    if (p.length < 5 || !p[0].isEmpty() || !p[1].equals("v1") || !p[2].equals("teams") || p[3].isEmpty()) {
      return null;
    }
    Shape shape;
    String second = null;
    String secondName = null;
    if (p.length == 5 && p[4].equals("backfills")) {
      shape = Shape.TEAM_BACKFILLS;
    } else if (p.length == 6 && p[4].equals("backfills") && !p[5].isEmpty()) {
      shape = Shape.BACKFILL;
      second = p[5];
      secondName = "backfill_id";
    } else if ((p.length == 7 || p.length == 8) && p[4].equals("transfers") && !p[5].isEmpty()
        && p[6].equals("backfills") && (p.length == 7 || p[7].equals("latest"))) {
      shape = p.length == 7 ? Shape.TRANSFER_BACKFILLS : Shape.LATEST;
      second = p[5];
      secondName = "transfer_id";
    } else {
      return null;
    }
    long team = positiveLong(p[3]);
    if (team < 1) {
      return new Route(shape, 0, 0, "team_id");
    }
    if (second == null) {
      return new Route(shape, team, 0, null);
    }
    long id = positiveLong(second);
    return id < 1 ? new Route(shape, team, 0, secondName) : new Route(shape, team, id, null);
  }

  /** The operation {@code method} asks for here, or null when the path does not allow the method. */
  @Nullable Operation operation(String method) {
    boolean get = method.equals("GET");
    return switch (shape) {
      case TEAM_BACKFILLS -> get ? Operation.LIST : null;
      case BACKFILL -> get ? Operation.GET : method.equals("PATCH") ? Operation.CANCEL : null;
      case TRANSFER_BACKFILLS -> method.equals("POST") ? Operation.CREATE : null;
      case LATEST -> get ? Operation.LATEST : null;
    };
  }

  /** The {@code Allow} header of a 405 here. */
  String allow() {
    return shape.allow;
  }

  /** The value of a string of ASCII digits, or -1 if it is anything else or does not fit a long. */
  private static long positiveLong(String s) {
    if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException tooLarge) {
      return -1;
    }
  }
}
