package dev.backfills.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
