package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.model.Backfill;
import dev.backfills.model.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** One client shared by many threads. */
class ConcurrencyTest extends ServerTest {

  @Test
  void oneClientServesManyThreadsWithEachAnswerGoingToItsCaller() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String id = request.getUrl().pathSegments().get(4);
        return json(200, Bodies.one(Bodies.backfill("").replace("\"transfer_backfill_id\":1", "\"transfer_backfill_id\":" + id)))
            .addHeader("X-RateLimit-Limit", "1000")
            .addHeader("X-RateLimit-Remaining", "500")
            .build();
      }
    });
    BackfillsClient client = client();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Backfill>> futures = new ArrayList<>();
      for (int i = 1; i <= 64; i++) {
        long id = i;
        futures.add(pool.submit(() -> client.getBackfill(1, id)));
      }
      for (int i = 1; i <= 64; i++) {
        assertThat(futures.get(i - 1).get(10, TimeUnit.SECONDS).transferBackfillId()).isEqualTo(i);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.getRequestCount()).isEqualTo(64);
    assertThat(client.lastRateLimit()).contains(new RateLimit(1000, 500));
  }
}
