package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.RateLimit;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListIncompleteBackfillsTest extends ServerTest {

  @Test
  void documentedExampleYieldsThreeBackfillsInServerOrder() {
    enqueue(200, Bodies.LIST_200);

    List<Backfill> list = client().listIncompleteBackfills(12345);

    assertThat(list).extracting(Backfill::transferBackfillId).containsExactly(12347L, 12346L, 12345L);
    assertThat(list).extracting(Backfill::status)
        .containsExactly(BackfillStatus.RUNNING, BackfillStatus.RUNNING, BackfillStatus.SCHEDULED);
  }

  @Test
  void documentedExampleItemsAreMappedFieldByField() {
    enqueue(200, Bodies.LIST_200);

    List<Backfill> list = client().listIncompleteBackfills(12345);

    assertThat(list.get(0)).isEqualTo(new Backfill(
        12347L, 456790L, LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 28),
        Instant.parse("2024-03-01T14:00:00Z"), 789L, null, null,
        Instant.parse("2024-03-01T14:30:00Z"), null, BackfillStatus.RUNNING,
        28, 28, 15, 0, List.of()));
    assertThat(list.get(1)).isEqualTo(new Backfill(
        12346L, 456789L, LocalDate.of(2024, 1, 15), LocalDate.of(2024, 1, 31),
        Instant.parse("2024-02-15T09:30:00Z"), 790L, null, null,
        Instant.parse("2024-02-15T10:00:00Z"), null, BackfillStatus.RUNNING,
        17, 17, 10, 0, List.of()));
    assertThat(list.get(2)).isEqualTo(new Backfill(
        12345L, 456788L, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 14),
        Instant.parse("2024-02-01T08:00:00Z"), 789L, null, null,
        null, null, BackfillStatus.SCHEDULED,
        14, 14, 0, 0, List.of()));
  }

  @Test
  void documentedEmptyExampleYieldsAnEmptyList() {
    enqueue(200, Bodies.LIST_EMPTY);

    assertThat(client().listIncompleteBackfills(12345)).isEmpty();
  }

  @Test
  void returnedListIsUnmodifiable() {
    enqueue(200, Bodies.LIST_200);

    List<Backfill> list = client().listIncompleteBackfills(1);

    assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(list::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void sendsGetToTeamsTeamIdBackfills() throws Exception {
    enqueue(200, Bodies.LIST_EMPTY);

    client().listIncompleteBackfills(12345);

    var request = take();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo("/v1/teams/12345/backfills");
  }

  @Test
  void basePathWithTrailingSlashGivesTheSamePath() throws Exception {
    enqueue(200, Bodies.LIST_EMPTY);

    track(builder().baseUrl(baseUrl("/v1/")).build()).listIncompleteBackfills(3);

    assertThat(take().getTarget()).isEqualTo("/v1/teams/3/backfills");
  }

  @Test
  void withResponseCarriesRequestIdRateLimitAndAttempts() {
    server.enqueue(json(200, Bodies.LIST_200)
        .addHeader("X-RateLimit-Limit", "100")
        .addHeader("X-RateLimit-Remaining", "48")
        .build());

    ApiResponse<List<Backfill>> response = client().listIncompleteBackfillsWithResponse(12345);

    assertThat(response.data()).hasSize(3);
    assertThat(response.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    assertThat(response.rateLimit()).isEqualTo(new RateLimit(100, 48));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.attempts()).isEqualTo(1);
  }
}
