package dev.backfills.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the fake decided to answer: a status, headers in the order they are sent, and a body; or, for a
 * lost answer, no answer at all ({@link #dropped()}). Immutable. {@code Content-Length} and
 * {@code Connection} are not among the headers: {@link HttpWire} writes them.
 */
final class ApiAnswer {
  private static final byte[] NONE = new byte[0];

  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;
  private final boolean dropped;
  private final int lostStatus;

  private ApiAnswer(int status, Map<String, String> headers, byte[] body, boolean dropped, int lostStatus) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.dropped = dropped;
    this.lostStatus = lostStatus;
  }

  /**
   * An answer with a JSON body and the API's common headers. The answer keeps {@code body} rather than a
   * copy, as every caller hands over an array just written for it and never touches it again.
   */
  static ApiAnswer json(int status, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Access-Control-Allow-Origin", "*");
    return new ApiAnswer(status, headers, body, false, 0);
  }

  /** An answer with an HTML page, as a proxy in front of the API sends one. */
  static ApiAnswer html(int status, String page) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "text/html; charset=utf-8");
    return new ApiAnswer(status, headers, page.getBytes(StandardCharsets.UTF_8), false, 0);
  }

  /** No answer: the connection is closed after the request was read. */
  static ApiAnswer drop() {
    return new ApiAnswer(0, Map.of(), NONE, true, 0);
  }

  /** This answer plus one header, replacing a header of that name. */
  ApiAnswer withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new ApiAnswer(status, more, body, dropped, lostStatus);
  }

  /** This answer (or drop) sent instead of {@code real}, which the request had earned and lost. */
  ApiAnswer replacing(ApiAnswer real) {
    return new ApiAnswer(status, headers, body, dropped, real.status);
  }

  /** The status; 0 when {@link #dropped()}. */
  int status() {
    return status;
  }

  /** The value of header {@code name} (exact case as set), or null. */
  @Nullable String header(String name) {
    return headers.get(name);
  }

  /** Every header, in sending order; unmodifiable. */
  Map<String, String> headers() {
    return java.util.Collections.unmodifiableMap(headers);
  }

  /** A copy of the body. */
  byte[] body() {
    return body.clone();
  }

  /** The body's length, without copying it. */
  int bodyLength() {
    return body.length;
  }

  /** Writes the body to {@code out}, without copying it. */
  void writeBody(java.io.OutputStream out) throws java.io.IOException {
    out.write(body);
  }

  /** Whether the connection is to be closed without any answer. */
  boolean dropped() {
    return dropped;
  }

  /** What the request log shows: {@code 200}, {@code 502 (lost answer: 200)}, {@code dropped (lost answer: 200)}. */
  String outcome() {
    String shown = dropped ? "dropped" : Integer.toString(status);
    return lostStatus == 0 ? shown : shown + " (lost answer: " + lostStatus + ")";
  }

  /** Status and headers; no body. */
  @Override
  public String toString() {
    return "ApiAnswer[" + outcome() + " " + headers + "]";
  }
}
