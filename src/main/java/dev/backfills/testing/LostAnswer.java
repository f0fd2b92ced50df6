package dev.backfills.testing;

/**
 * How an answer to a write is lost, for {@link FakeBackfillsServer#loseNextAnswers(int, LostAnswer)}: in
 * each case the server has done what the request asked (a backfill is created or cancelled), but the
 * caller learns nothing, or something misleading, about it. That is the case a client must handle
 * without doing the write twice.
 *
 * <pre>{@code
 * server.loseNextAnswers(1, LostAnswer.DROP_CONNECTION);
 * Backfill created = client.createBackfill(1, 456789, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));
 * assertThat(server.createdCount()).isEqualTo(1);   // created once, although the first answer was lost
 * }</pre>
 */
public enum LostAnswer {
  /** A 500 with the API's JSON error body ({@code INTERNAL_SERVER_ERROR}), as if the API failed late. */
  SERVER_ERROR,

  /**
   * A 502 with an HTML page and {@code Content-Type: text/html}, as a proxy or load balancer in front of
   * the API sends when the API's answer did not reach it; no API headers, no request id.
   */
  BAD_GATEWAY_HTML,

  /** No answer at all: the connection is closed right after the request was read. */
  DROP_CONNECTION
}
