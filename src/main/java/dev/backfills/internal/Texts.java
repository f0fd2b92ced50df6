package dev.backfills.internal;

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
  public static String safe(String text, String secret, int max) {
    return snippet(redact(text, secret), max);
  }

  /** Replaces every occurrence of {@code secret} in {@code text}; a no-op for a null or empty secret. */
  public static String redact(String text, String secret) {
    if (secret == null || secret.isEmpty() || !text.contains(secret)) {
      return text;
    }
    return text.replace(secret, "[redacted]");
  }

  /**
   * Whether {@code token} is usable as a bearer token: non-empty and made only of visible ASCII
   * ({@code !} to {@code ~}). Anything else (space, TAB, CR, LF, DEL, non-ASCII) could split or corrupt
   * the header, so it is refused before it reaches the wire.
   */
  public static boolean isValidToken(String token) {
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
