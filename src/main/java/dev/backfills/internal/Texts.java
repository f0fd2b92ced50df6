package dev.backfills.internal;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
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
    if (cut) {
      dropCutMarker(out, text, i);
    }
    return cut ? out.append('\u2026').toString() : out.toString();
  }

  /**
   * Drops the start of a {@code [redacted]} that the cut at {@code next} goes through, so that an
   * excerpt ends "…" rather than "[reda…", which a later {@link #redact} with a short token could
   * no longer tell from text.
   */
  private static void dropCutMarker(StringBuilder out, String text, int next) {
    for (int k = 1; k < MARKER.length() && k <= next; k++) {
      if (text.startsWith(MARKER, next - k)) {
        out.setLength(out.length() - k);
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
          out.setLength(out.length() - 1);
        }
        return;
      }
    }
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

  /** What {@link #redact} puts where a secret was. */
  static final String MARKER = "[redacted]";

  /**
   * Replaces every occurrence of {@code secret} in {@code text}, and every run of text built from pieces
   * of it at least {@value #SECRET_PIECE} characters long (the whole secret, when shorter), with
   * {@code [redacted]}; a no-op for a null or empty secret. The pieces matter because text arrives
   * already cut: Jackson quotes an unrecognized token only up to a delimiter or 256 characters, so a
   * message can hold the first part of an echoed token without the whole of it.
   *
   * <p>Every {@code [redacted]} already in {@code text} is kept whole: a secret (or piece) found inside
   * markers alone is left alone, so a short token such as {@code "e"} or {@code "dac"} never splits one;
   * text next to a marker that together with part of the marker spells the secret is scrubbed into that
   * marker. The result holds the secret (and its pieces) only inside markers, and redacting it again
   * changes nothing, so callers may redact parts of a message and then the whole of it.
   */
  public static String redact(String text, @Nullable String secret) {
    if (secret == null || secret.isEmpty() || !sharesAPiece(text, secret, Math.min(SECRET_PIECE, secret.length()))) {
      return text; // the common case, a request id or message that holds nothing of the secret: no allocation
    }
    Redaction redaction = new Redaction(secret);
    BitSet markers = markersIn(text);
    BitSet covered = redaction.coverage(text, markers);
    if (covered.isEmpty()) {
      return text;
    }
    for (int i = 0; i < text.length(); ) {
      if (markers.get(i)) {
        redaction.appendMarker();
        i += MARKER.length();
      } else if (covered.get(i)) {
        int end = covered.nextClearBit(i);
        // A covered run next to a marker joins it instead of making "[redacted][redacted]".
        if (!redaction.endsWithMarker() && !markers.get(end)) {
          redaction.appendMarker();
        }
        i = end;
      } else {
        redaction.appendPlain(text.charAt(i));
        i++;
      }
    }
    return redaction.toString();
  }

  /** Whether some window of {@code text} spells some {@code piece}-long window of {@code secret}. */
  private static boolean sharesAPiece(String text, String secret, int piece) {
    for (int j = 0; j + piece <= secret.length(); j++) {
      char first = secret.charAt(j);
      for (int i = text.indexOf(first); i >= 0 && i + piece <= text.length(); i = text.indexOf(first, i + 1)) {
        if (text.regionMatches(i, secret, j, piece)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The positions of {@code text} inside a {@code [redacted]} it already holds. */
  private static BitSet markersIn(String text) {
    BitSet markers = new BitSet();
    // "[redacted]" has no border (a prefix that is also a suffix), so occurrences never overlap.
    for (int i = text.indexOf(MARKER); i >= 0; i = text.indexOf(MARKER, i + MARKER.length())) {
      markers.set(i, i + MARKER.length());
    }
    return markers;
  }

  /**
   * One run of {@link #redact}: the pieces of the secret and the text built so far, kept free of any
   * window that spells a piece and is not wholly inside markers. A new marker can spell a piece together
   * with the text on either side of it ({@code "d]x"} after {@code "[redacted]"}), so each append checks
   * the windows it creates and folds what they cover into a marker; that is what makes the result a
   * fixed point.
   */
  private static final class Redaction {
    private final int piece;
    private final Set<String> pieces = new HashSet<>();
    private final StringBuilder out = new StringBuilder();
    /** Positions of {@link #out} that belong to a marker. */
    private final BitSet markerChars = new BitSet();
    /** Positions of {@link #out} where a marker starts. */
    private final BitSet markerStarts = new BitSet();

    Redaction(String secret) {
      piece = Math.min(SECRET_PIECE, secret.length());
      for (int i = 0; i + piece <= secret.length(); i++) {
        pieces.add(secret.substring(i, i + piece));
      }
    }

    /** The positions of {@code text} in a window that spells a piece and is not wholly inside markers. */
    BitSet coverage(String text, BitSet markers) {
      BitSet covered = new BitSet();
      for (int i = 0; i + piece <= text.length(); i++) {
        if (markers.nextClearBit(i) < i + piece && pieces.contains(text.substring(i, i + piece))) {
          covered.set(i, i + piece);
        }
      }
      covered.andNot(markers);
      return covered;
    }

    boolean endsWithMarker() {
      return out.length() > 0 && markerChars.get(out.length() - 1);
    }

    void appendPlain(char c) {
      out.append(c);
      int start = out.length() - piece;
      if (start >= 0 && pieces.contains(out.substring(start))) {
        if (!cutFrom(start)) {
          appendMarker();
        }
      }
    }

    void appendMarker() {
      // A loop, not recursion: each round folds at least one more character into the marker, and a
      // hostile body can make that happen once per character.
      while (true) {
        int at = out.length();
        out.append(MARKER);
        markerChars.set(at, at + MARKER.length());
        markerStarts.set(at);
        int start = windowInto(at);
        if (start < 0 || cutFrom(start)) {
          return;
        }
      }
    }

    /**
     * The start of the first window that ends inside the marker at {@code at}, begins in the text in
     * front of it and spells a piece; -1 when there is none.
     */
    private int windowInto(int at) {
      for (int end = at + 1; end < at + piece; end++) {
        int start = end - piece;
        if (start >= 0 && markerChars.nextClearBit(start) < at && pieces.contains(out.substring(start, end))) {
          return start;
        }
      }
      return -1;
    }

    /**
     * Drops everything from {@code start} on, keeping whole the marker that {@code start} falls in;
     * whether the text now ends with a marker, which then stands for what was dropped.
     */
    private boolean cutFrom(int start) {
      int cut = markerChars.get(start) ? markerStarts.previousSetBit(start) + MARKER.length() : start;
      out.setLength(cut);
      markerChars.clear(cut, Integer.MAX_VALUE);
      markerStarts.clear(cut, Integer.MAX_VALUE);
      return endsWithMarker();
    }

    @Override
    public String toString() {
      return out.toString();
    }
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
