package dev.backfills.consumer;

import dev.backfills.BackfillsClient;
import dev.backfills.model.Backfill;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import java.time.LocalDate;

/**
 * A stand-in for a user's application: run by {@code ConsumerClasspathTest} in a fresh JVM whose class
 * path holds only this class, the library and the library's runtime dependencies.
 */
public final class ConsumerMain {
  private ConsumerMain() {}

  public static void main(String[] args) {
    try (FakeBackfillsServer server = FakeBackfillsServer.start();
        BackfillsClient client = BackfillsClient.builder()
            .baseUrl(server.baseUrl())
            .token(FakeBackfillsServer.DEFAULT_TOKEN)
            .build()) {
      Backfill added = server.addBackfill(FakeBackfillsServer.DEFAULT_TEAM_ID,
          FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)).build());
      Backfill read = client.getBackfill(FakeBackfillsServer.DEFAULT_TEAM_ID, added.transferBackfillId());
      int listed = client.listIncompleteBackfills(FakeBackfillsServer.DEFAULT_TEAM_ID).size();
      System.out.println("consumer-ok " + read.transferBackfillId() + " " + read.status() + " listed=" + listed);
    }
  }
}
