package dev.backfills.testing;

import dev.backfills.internal.Texts;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who may call the fake: each accepted bearer token, the user it acts as, its scopes and the teams it may
 * use. Immutable once built; {@link Draft} collects it for {@link FakeBackfillsServer.Builder}.
 *
 * <p>Tokens are only ever map keys here: no message, log line or {@code toString} contains one.
 */
final class Grants {
  /** The scope every granted token has: the reads. */
  static final String READ_SCOPE = "dwh_transfers_read";
  /** The scope a token needs to create and cancel backfills. */
  static final String WRITE_SCOPE = "dwh_transfers_write";

  /** What one token may do. */
  record Grant(long userId, boolean canWrite, Set<Long> teams) {
    Grant {
      teams = Set.copyOf(teams);
    }

    /** Never the token: a grant does not know it. */
    @Override
    public String toString() {
      return "Grant[user " + userId + ", " + (canWrite ? READ_SCOPE + " " + WRITE_SCOPE : READ_SCOPE)
          + ", teams " + teams + "]";
    }
  }

  private final Map<String, Grant> byToken;

  private Grants(Map<String, Grant> byToken) {
    this.byToken = Map.copyOf(byToken);
  }

  /** The grant of {@code token}, or null when the token is not accepted. */
  @Nullable Grant of(String token) {
    return byToken.get(token);
  }

  /** The bearer token of an {@code Authorization} value, or null when absent or another scheme. */
  static @Nullable String bearerToken(@Nullable String authorization) {
    // HTTP authentication schemes are case-insensitive.
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  /** Collects grants; not thread-safe. Every message leaves the token out. */
  static final class Draft {
    private final Map<String, Set<Long>> teams = new LinkedHashMap<>();
    private final Map<String, Boolean> writes = new HashMap<>();
    private final Map<String, Long> users = new HashMap<>();

    /** Adds teams to a token, with or without the write scope. */
    void grant(String token, boolean canWrite, long... teamIds) {
      checkToken(token);
      Objects.requireNonNull(teamIds, "teamIds");
      Boolean before = writes.get(token);
      if (before != null && before != canWrite) {
        throw new IllegalArgumentException(
            "this token is already granted " + (before ? "read-write" : "read-only")
                + " access; a token has one set of scopes");
      }
      Set<Long> add = new LinkedHashSet<>();
      for (long teamId : teamIds) {
        add.add(BackfillStore.positive(teamId, "team ids"));
      }
      writes.put(token, canWrite);
      teams.computeIfAbsent(token, t -> new LinkedHashSet<>()).addAll(add);
    }

    /** Sets the user a token acts as. */
    void user(String token, long userId) {
      checkToken(token);
      users.put(token, BackfillStore.positive(userId, "userId"));
    }

    /**
     * The grants; with none at all, {@code defaultToken} may read and write {@code defaultTeam} as
     * {@code defaultUser} (or the user set for it).
     *
     * @throws IllegalStateException if a user was set for a token that has no grant
     */
    Grants freeze(String defaultToken, long defaultTeam, long defaultUser) {
      Map<String, Grant> out = new HashMap<>();
      if (teams.isEmpty()) {
        out.put(defaultToken, new Grant(users.getOrDefault(defaultToken, defaultUser), true, Set.of(defaultTeam)));
        if (users.size() > (users.containsKey(defaultToken) ? 1 : 0)) {
          throw new IllegalStateException("a user id was set for a token that is not granted");
        }
        return new Grants(out);
      }
      for (String token : users.keySet()) {
        if (!teams.containsKey(token)) {
          throw new IllegalStateException("a user id was set for a token that is not granted");
        }
      }
      teams.forEach((token, t) -> out.put(token,
          new Grant(users.getOrDefault(token, defaultUser), Boolean.TRUE.equals(writes.get(token)), t)));
      return new Grants(out);
    }

    /** Accepts exactly the tokens a client will send: the client's own rule. */
    private static void checkToken(String token) {
      Objects.requireNonNull(token, "token");
      if (!Texts.isValidToken(token)) {
        throw new IllegalArgumentException(
            "a token must be non-empty visible ASCII (no spaces or control characters)");
      }
    }
  }
}
