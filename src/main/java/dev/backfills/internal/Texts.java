package dev.backfills.internal;

import org.jspecify.annotations.Nullable;

/** Small text helpers for messages built from untrusted server output. */
public final class Texts {
  private Texts() {}

  /**
   * A one-line, printable excerpt of {@code text}: control characters become spaces, runs of white space
   * collapse, and anything past {@code max} characters is cut and marked with an ellipsis. Server output
   * can be anything (an HTML page, binary garbage); this keeps it from breaking log lines or terminals.
   */
  public static String snippet(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 1);
    boolean space = false;
    int i = 0;
    for (; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\uFFFD'
          || Character.getType(c) == Character.FORMAT) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.append(c);
    }
    int len = out.length();
    if (len > 0 && Character.isHighSurrogate(out.charAt(len - 1))) {
      out.setLength(len - 1);
    }
    boolean cut = !text.substring(i).isBlank();
    return cut ? out.append('\u2026').toString() : out.toString();
  }

  /** Longest server-provided text kept in a message before it is scrubbed and shortened. */
  private static final int CAP = 1_000;

  /**
   * Bounds text from a hostile body (a 1 MB string) to a size that is cheap to keep, without making it
   * readable yet: {@link #redact} must run on the whole text before {@link #snippet} shortens it.
   */
  public static String cap(String text) {
    return text.length() <= CAP ? text : text.substring(0, CAP);
  }

  /** {@code text} scrubbed of {@code secret}, then cut to a printable one-line excerpt. */
  public static String safe(String text, @Nullable String secret, int max) {
    return snippet(redact(text, secret), max);
  }

  /**
   * {@link #redact} for server text handed back as data (an error's code or message, a request id), which
   * may be null.
   */
  public static @Nullable String redactOrNull(@Nullable String text, @Nullable String secret) {
    return text == null ? null : redact(text, secret);
  }

  /** Shortest piece of a secret that {@link #redact} scrubs on its own. */
  private static final int SECRET_PIECE = 8;

  /**
   * Replaces every occurrence of {@code secret} in {@code text}, and every run of text built from pieces
   * of it at least {@value #SECRET_PIECE} characters long (the whole secret, when shorter); a no-op for a
   * null or empty secret. The pieces matter because text arrives already cut: Jackson quotes an
   * unrecognized token only up to a delimiter or 256 characters, so a message can hold the first part
   * of an echoed token without the whole of it.
   */
  public static String redact(String text, @Nullable String secret) {
    if (secret == null || secret.isEmpty()) {
      return text;
    }
    String whole = text.contains(secret) ? text.replace(secret, "[redacted]") : text;
    int piece = Math.min(SECRET_PIECE, secret.length());
    if (whole.length() < piece) {
      return whole;
    }
    java.util.Set<String> pieces = new java.util.HashSet<>();
    for (int i = 0; i + piece <= secret.length(); i++) {
      pieces.add(secret.substring(i, i + piece));
    }
    boolean[] covered = null;
    for (int i = 0; i + piece <= whole.length(); i++) {
      if (pieces.contains(whole.substring(i, i + piece))) {
        if (covered == null) {
          covered = new boolean[whole.length()];
        }
        java.util.Arrays.fill(covered, i, i + piece, true);
      }
    }
    if (covered == null) {
      return whole;
    }
    StringBuilder out = new StringBuilder(whole.length());
    for (int i = 0; i < whole.length(); i++) {
      if (!covered[i]) {
        out.append(whole.charAt(i));
      } else if (i == 0 || !covered[i - 1]) {
        out.append("[redacted]");
      }
    }
    return out.toString();
  }

  /**
   * Whether {@code token} is usable as a bearer token: non-empty and made only of visible ASCII
   * ({@code !} to {@code ~}). Anything else (space, TAB, CR, LF, DEL, non-ASCII) could split or corrupt
   * the header, so it is refused before it reaches the wire.
   */
  public static boolean isValidToken(@Nullable String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
