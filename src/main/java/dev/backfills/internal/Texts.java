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
