package dev.backfills.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 on the wire, for the fake's own server: reads one request (request line, headers, a
 * {@code Content-Length} body) and writes one answer (always with {@code Content-Length}). Only what the
 * fake needs; anything else is refused with a status rather than guessed at.
 *
 * <ul>
 *   <li>The request line and headers together may take {@link #MAX_HEADER_BYTES}; more is 431.
 *   <li>A body may be {@link #MAX_BODY_BYTES} long; a longer one is refused with 413 (and read and
 *       discarded first, up to {@link #MAX_DISCARDED_BYTES}, so that the client sees the answer).
 *   <li>{@code Transfer-Encoding} (chunked bodies) is refused with 411: send a {@code Content-Length}.
 *   <li>HTTP/1.0 and HTTP/1.1 only (505 otherwise); {@code Expect: 100-continue} is honoured.
 * </ul>
 */
final class HttpWire {
  static final int MAX_HEADER_BYTES = 16 * 1024;
  static final int MAX_BODY_BYTES = 1024 * 1024;
  static final long MAX_DISCARDED_BYTES = 16L * 1024 * 1024;
  private static final int MAX_EMPTY_LINES_BEFORE_REQUEST = 4;
  private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

  private HttpWire() {}

  /** One request read from a connection, with what the connection needs to know about it. */
  static final class Incoming {
    final ApiRequest request;
    /** Whether the connection may carry another request after this one's answer. */
    final boolean keepAlive;

    Incoming(ApiRequest request, boolean keepAlive) {
      this.request = request;
      this.keepAlive = keepAlive;
    }

    boolean isHead() {
      return "HEAD".equals(request.method());
    }
  }

  /** A request that cannot be read as HTTP/1.1; the connection ends after the answer. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final @Nullable String method;
    final @Nullable String rawPath;

    Malformed(int status, String reason, @Nullable String method, @Nullable String rawPath) {
      super(reason, null, false, false);
      this.status = status;
      this.method = method;
      this.rawPath = rawPath;
    }
  }

  /**
   * Reads the next request.
   *
   * @param in the connection's input, buffered
   * @param out the connection's output, for {@code 100 Continue}
   * @return the request, or null when the peer closed the connection (or let it idle out) between
   *     requests
   * @throws Malformed when the bytes are not a request the fake accepts
   * @throws IOException when the connection fails or ends inside a request
   */
  static @Nullable Incoming read(InputStream in, OutputStream out) throws IOException, Malformed {
    int[] budget = {MAX_HEADER_BYTES};
    String requestLine = firstLine(in, budget);
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
      throw new Malformed(400, "the request line is not 'METHOD target HTTP/1.1'", null, null);
    }
    String method = parts[0];
    String rawPath = rawPath(parts[1], method);
    boolean http11 = version(parts[2], method, rawPath);

    Map<String, String> headers = new LinkedHashMap<>();
    String contentLength = null;
    boolean close = !http11;
    boolean continueExpected = false;
    for (String line = line(in, budget, method, rawPath); !line.isEmpty(); line = line(in, budget, method, rawPath)) {
      int colon = line.indexOf(':');
      if (colon <= 0 || !isToken(line.substring(0, colon))) {
        throw new Malformed(400, "a header line is not 'Name: value' (folded lines are not accepted)", method,
            rawPath);
      }
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      switch (name) {
        case "content-length" -> {
          if (contentLength != null && !contentLength.equals(value)) {
            throw new Malformed(400, "Content-Length is given twice with different values", method, rawPath);
          }
          contentLength = value;
        }
        case "transfer-encoding" ->
            throw new Malformed(411, "Transfer-Encoding is not supported; send a Content-Length", method, rawPath);
        case "connection" -> close = connectionCloses(value, close);
        case "expect" -> continueExpected = http11 && value.equalsIgnoreCase("100-continue");
        default -> { }
      }
      headers.putIfAbsent(name, value);
    }
    long length = contentLength == null ? 0 : length(contentLength, method, rawPath);
    if (length > MAX_BODY_BYTES) {
      // A client that waits for 100 Continue gets the 413 instead and sends no body; one that sends it
      // anyway has it read (within reason), so that it reads the 413 rather than a reset connection.
      if (length <= MAX_DISCARDED_BYTES && !continueExpected) {
        discard(in, length);
      }
      throw new Malformed(413, "the body is over " + MAX_BODY_BYTES + " bytes", method, rawPath);
    }
    if (continueExpected && length > 0) {
      sendContinue(out);
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length < length) {
      throw new EOFException("the connection ended inside the request body");
    }
    return new Incoming(new ApiRequest(method, rawPath, headers, body), !close);
  }

  /**
   * Writes one answer with its {@code Content-Length} (for HEAD too, with no body), adding
   * {@code Connection: close} when the connection ends after it.
   */
  static void write(OutputStream out, ApiAnswer answer, boolean head, boolean close) throws IOException {
    StringBuilder h = new StringBuilder(256);
    h.append("HTTP/1.1 ").append(answer.status()).append(' ').append(reason(answer.status())).append("\r\n");
    answer.headers().forEach((name, value) -> {
      if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        throw new IllegalStateException("a header of the fake's answer contains a line break: " + name);
      }
      h.append(name).append(": ").append(value).append("\r\n");
    });
    h.append("Content-Length: ").append(answer.bodyLength()).append("\r\n");
    if (close) {
      h.append("Connection: close\r\n");
    }
    h.append("\r\n");
    out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      answer.writeBody(out);
    }
    out.flush();
  }

  /** The request line: null on a clean end (or an idle timeout) before its first byte. */
  private static @Nullable String firstLine(InputStream in, int[] budget) throws IOException, Malformed {
    for (int empty = 0; empty <= MAX_EMPTY_LINES_BEFORE_REQUEST; empty++) {
      int first;
      try {
        first = in.read();
      } catch (SocketTimeoutException idle) {
        return null;
      }
      if (first < 0) {
        return null;
      }
      String line = rest(in, first, budget, null, null);
      if (!line.isEmpty()) {
        return line;
      }
    }
    throw new Malformed(400, "the request starts with empty lines", null, null);
  }

  private static String line(InputStream in, int[] budget, String method, String rawPath)
      throws IOException, Malformed {
    int first = in.read();
    if (first < 0) {
      throw new EOFException("the connection ended inside the request headers");
    }
    return rest(in, first, budget, method, rawPath);
  }

  /** The line that starts with {@code first}, up to LF (a CR before it dropped), within the budget. */
  private static String rest(InputStream in, int first, int[] budget, @Nullable String method,
      @Nullable String rawPath) throws IOException, Malformed {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int b = first; b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the connection ended inside the request headers");
      }
      if (--budget[0] < 0) {
        throw new Malformed(431, "the request line and headers are over " + MAX_HEADER_BYTES + " bytes", method,
            rawPath);
      }
      line.write(b);
    }
    budget[0]--;
    byte[] bytes = line.toByteArray();
    int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
  }

  /** The path of an origin-form ({@code /p?q}) or absolute-form ({@code http://h/p?q}) target. */
  private static String rawPath(String target, String method) throws Malformed {
    String path = target;
    if (target.regionMatches(true, 0, "http://", 0, 7)) {
      int slash = target.indexOf('/', 7);
      path = slash < 0 ? "/" : target.substring(slash);
    }
    if (!path.startsWith("/")) {
      throw new Malformed(400, "the request target is not a path", method, null);
    }
    int query = path.indexOf('?');
    String raw = query < 0 ? path : path.substring(0, query);
    int fragment = raw.indexOf('#');
    return fragment < 0 ? raw : raw.substring(0, fragment);
  }

  /** True for HTTP/1.1, false for HTTP/1.0; refuses anything else. */
  private static boolean version(String version, String method, String rawPath) throws Malformed {
    if (version.equals("HTTP/1.1")) {
      return true;
    }
    if (version.equals("HTTP/1.0")) {
      return false;
    }
    if (version.matches("HTTP/[0-9](\\.[0-9])?")) {
      throw new Malformed(505, "only HTTP/1.0 and HTTP/1.1 are served", method, rawPath);
    }
    throw new Malformed(400, "the request line does not end in an HTTP version", method, rawPath);
  }

  /** Applies a Connection header's options: {@code close} ends, {@code keep-alive} keeps the connection. */
  private static boolean connectionCloses(String value, boolean closeSoFar) {
    boolean close = closeSoFar;
    for (String option : value.split(",", -1)) {
      String o = option.strip();
      if (o.equalsIgnoreCase("close")) {
        return true;
      }
      if (o.equalsIgnoreCase("keep-alive")) {
        close = false;
      }
    }
    return close;
  }

  private static long length(String value, String method, String rawPath) throws Malformed {
    if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new Malformed(400, "Content-Length is not a number of bytes", method, rawPath);
    }
    return Long.parseLong(value);
  }

  private static void sendContinue(OutputStream out) throws IOException {
    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static void discard(InputStream in, long length) throws IOException {
    long left = length;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          return;
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alphaNum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphaNum && TOKEN_CHARS.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The reason phrase of a status; clients ignore it, people reading a capture do not. */
  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 413 -> "Content Too Large";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      default -> "Status " + status;
    };
  }
}
