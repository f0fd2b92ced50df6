package dev.backfills.testing;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request as the API's rules see it: method, raw path, headers and body, with nothing of the socket
 * it came from. {@link HttpWire} reads it from a connection; tests of {@link FakeApi} build it directly.
 */
final class ApiRequest {
  private final String method;
  private final String rawPath;
  private final Map<String, String> headers;
  private final byte[] body;

  /**
   * @param method the request method, as sent (methods are case-sensitive)
   * @param rawPath the path of the request target, still percent-encoded, without the query
   * @param headers header names (any case) to their first value
   * @param body the request body; empty when there is none
   */
  ApiRequest(String method, String rawPath, Map<String, String> headers, byte[] body) {
    this.method = Objects.requireNonNull(method, "method");
    this.rawPath = Objects.requireNonNull(rawPath, "rawPath");
    Map<String, String> lower = new java.util.HashMap<>();
    headers.forEach((name, value) -> lower.putIfAbsent(name.toLowerCase(Locale.ROOT), value));
    this.headers = Map.copyOf(lower);
    this.body = body.clone();
  }

  String method() {
    return method;
  }

  String rawPath() {
    return rawPath;
  }

  /** The first value of the header {@code name}, whatever its case, or null when absent. */
  @Nullable String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** A copy of the body. */
  byte[] body() {
    return body.clone();
  }

  /** Method and path only: headers may hold a token. */
  @Override
  public String toString() {
    return method + " " + rawPath;
  }
}
