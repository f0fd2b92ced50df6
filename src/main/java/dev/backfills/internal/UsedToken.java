package dev.backfills.internal;

import org.jspecify.annotations.Nullable;

/**
 * A per-request slot in which {@link AuthInterceptor} leaves the token it sent, so that error messages
 * built from the server's answer can be scrubbed of it (a server or proxy may echo request headers).
 */
public final class UsedToken {
  volatile @Nullable String value;

  /** The token sent with the request, or null before the interceptor ran. */
  public @Nullable String value() {
    return value;
  }
}
