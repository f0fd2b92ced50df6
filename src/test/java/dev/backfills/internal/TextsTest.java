package dev.backfills.internal;

import static dev.backfills.internal.Texts.MARKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextsTest {

  @Test
  void snippetKeepsShortPrintableTextAsIs() {
    assertThat(Texts.snippet("Bad Gateway", 100)).isEqualTo("Bad Gateway");
  }

  @Test
  void snippetOfEmptyTextIsEmpty() {
    assertThat(Texts.snippet("", 10)).isEmpty();
  }

  @Test
  void snippetCollapsesWhitespaceAndControlCharactersIntoSingleSpaces() {
    assertThat(Texts.snippet("a\r\n\t b\u0000\u0007c\u001b[31m", 100)).isEqualTo("a b c [31m");
  }

  @Test
  void snippetTrimsLeadingAndTrailingWhitespace() {
    assertThat(Texts.snippet("\n\n  <h1>502</h1>  \n", 100)).isEqualTo("<h1>502</h1>");
  }

  @Test
  void snippetDropsReplacementAndInvisibleFormatCharacters() {
    assertThat(Texts.snippet("a\uFFFDb\u202Ec\u200Bd", 100)).isEqualTo("a b c d");
  }

  @Test
  void snippetCutsAtMaxAndMarksTheCut() {
    assertThat(Texts.snippet("abcdefghij", 4)).isEqualTo("abcd\u2026");
  }

  @Test
  void snippetDoesNotMarkACutWhenOnlyWhitespaceFollows() {
    assertThat(Texts.snippet("abcd   \n", 4)).isEqualTo("abcd");
  }

  @Test
  void snippetNeverSplitsASurrogatePair() {
    String text = "abc\uD83D\uDE00def";

    String cut = Texts.snippet(text, 4);

    assertThat(cut).isEqualTo("abc\u2026");
  }

  @Test
  void snippetKeepsAWholeSurrogatePairThatFits() {
    assertThat(Texts.snippet("ab\uD83D\uDE00", 4)).isEqualTo("ab\uD83D\uDE00");
  }

  @Test
  void snippetIsOneLineAndBoundedForLongHtml() {
    String html = "<html>\n<body>\n" + "<p>line</p>\n".repeat(1000) + "</body></html>";

    String s = Texts.snippet(html, 160);

    assertThat(s).doesNotContain("\n").hasSizeLessThanOrEqualTo(161).endsWith("\u2026");
  }

  @Test
  void redactReplacesEveryOccurrence() {
    assertThat(Texts.redact("tok and tok again", "tok")).isEqualTo("[redacted] and [redacted] again");
  }

  @Test
  void redactWithoutASecretChangesNothing() {
    assertThat(Texts.redact("text", null)).isEqualTo("text");
    assertThat(Texts.redact("text", "")).isEqualTo("text");
    assertThat(Texts.redact("text", "absent")).isEqualTo("text");
  }

  @Test
  void redactingAgainChangesNothing() {
    String once = Texts.redact("Connect to the host", "t");

    assertThat(once).isEqualTo("Connec[redacted] [redacted]o [redacted]he hos[redacted]");
    assertThat(Texts.redact(once, "t")).isEqualTo(once);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[", "]", "r", "e", "d", "a", "c", "t", "ed", "redac", "dacted]", "[redacted]", "redacted"})
  void aTokenFoundOnlyInsideAMarkerLeavesTheMarkerWhole(String token) {
    String text = "Connection refused: [redacted] (and [redacted][redacted])";

    String redacted = Texts.redact(text, token);

    assertThat(withoutMarkers(redacted)).doesNotContain(token);
    assertThat(redacted).contains("[redacted] (").endsWith("[redacted][redacted])");
    assertThat(Texts.redact(redacted, token)).isEqualTo(redacted);
  }

  @Test
  void textBesideAMarkerThatSpellsTheTokenWithItJoinsTheMarker() {
    assertThat(Texts.redact("[redacted]x and y[redacted]", "d]x")).isEqualTo("[redacted] and y[redacted]");
    assertThat(Texts.redact("y[redacted]", "y[r")).isEqualTo("[redacted]");
    assertThat(Texts.redact("[redacted]x[redacted]", "]x[")).isEqualTo("[redacted][redacted]");
  }

  @Test
  void aMarkerMadeByRedactingDoesNotSpellTheTokenWithTheTextAfterIt() {
    // "d]x" replaced by "[redacted]" would read "[redacted]x": d]x again.
    assertThat(Texts.redact("d]xx", "d]x")).isEqualTo("[redacted]");
  }

  @Test
  void adjacentAndOverlappingOccurrencesBecomeOneMarker() {
    assertThat(Texts.redact("toktok", "tok")).isEqualTo("[redacted]");
    assertThat(Texts.redact("aaa b", "aa")).isEqualTo("[redacted] b");
  }

  @Test
  void piecesOfALongTokenAreRedactedWholeOrCutAndOnlyOnce() {
    String token = "eyJhbGciOiJIUzI1NiJ9";
    String text = "bad token " + token + ", cut: '" + token.substring(0, 9) + "', tail: " + token.substring(11);

    String redacted = Texts.redact(text, token);

    assertThat(redacted).isEqualTo("bad token [redacted], cut: '[redacted]', tail: [redacted]");
    assertThat(Texts.redact(redacted, token)).isEqualTo(redacted);
  }

  @Test
  void aLongTokenThatHoldsTheMarkerNeverSurvivesBesideOne() {
    String token = "ab[redacted]cd";

    String redacted = Texts.redact("x " + token + " y [redacted]cd z", token);

    assertThat(redacted).isEqualTo("x [redacted] y [redacted] z");
  }

  @Test
  void manyShortTokensNeverSurviveOutsideMarkersAndNeverSplitOne() {
    List<String> tokens = new ArrayList<>(List.of("a", "e", "[", "]", "x", "zz", "d]x", "x[r", "]x[", "ted]z", "y]",
        "[x", "-a", "e-", "aaa", "q.q"));
    for (int start = 0; start < MARKER.length(); start++) {
      for (int end = start + 1; end <= Math.min(MARKER.length(), start + 7); end++) {
        tokens.add(MARKER.substring(start, end));
      }
    }
    Random random = new Random(42);
    for (String token : tokens) {
      for (int round = 0; round < 300; round++) {
        String text = randomText(random, token);

        String once = Texts.redact(text, token);
        // Callers redact a part, then the whole message that holds it.
        String twice = Texts.redact("GET /x: " + once + " (" + Texts.snippet(once, 12) + ")", token);

        for (String out : List.of(once, twice)) {
          assertThat(withoutMarkers(out)).as("token %s in %s -> %s", token, text, out)
              .doesNotContain(token).doesNotContainPattern("[\\[\\]redact]");
          assertThat(Texts.redact(out, token)).as("token %s in %s", token, text).isEqualTo(out);
        }
      }
    }
  }

  /** Plain text from letters that are not in "[redacted]", whole tokens, and markers, in any order. */
  private static String randomText(Random random, String token) {
    StringBuilder text = new StringBuilder();
    int parts = random.nextInt(12);
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(4)) {
        case 0 -> text.append(token);
        case 1 -> text.append(MARKER);
        default -> {
          for (int n = random.nextInt(4); n > 0; n--) {
            text.append("xyzq.-".charAt(random.nextInt(6)));
          }
        }
      }
    }
    return text.toString();
  }

  /** {@code text} with every whole marker replaced by a NUL, which no token holds. */
  private static String withoutMarkers(String text) {
    return text.replace(MARKER, "\u0000");
  }

  @Test
  void snippetDropsAMarkerThatTheCutGoesThrough() {
    assertThat(Texts.snippet("Connection [redacted] refused", 15)).isEqualTo("Connection\u2026");
    assertThat(Texts.snippet("[redacted] refused", 10)).isEqualTo("[redacted]\u2026");
    assertThat(Texts.snippet("Connection [redacted]", 21)).isEqualTo("Connection [redacted]");
    assertThat(Texts.snippet("Connection [reda", 15)).isEqualTo("Connection [red\u2026");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "abc123", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_~+/=", "!~"})
  void visibleAsciiTokensAreValid(String token) {
    assertThat(Texts.isValidToken(token)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a b", "a\tb", "ab\r", "ab\n", "ab\u007f", "\u00e9", "ab\u0000", "\u2603",
      "\uD83D\uDE00", " ab", "ab "})
  void tokensWithAnythingButVisibleAsciiAreInvalid(String token) {
    assertThat(Texts.isValidToken(token)).isFalse();
  }

  @Test
  void nullTokenIsInvalid() {
    assertThat(Texts.isValidToken(null)).isFalse();
  }
}
