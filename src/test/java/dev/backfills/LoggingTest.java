package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfills.exception.BackfillsException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With debug logging on, the client says what it does, and never logs the token. */
class LoggingTest extends ServerTest {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private Logger logger;
  private Level previousLevel;
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      lines.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureDebugLog() {
    logger = Logger.getLogger("dev.backfills.BackfillsClient");
    previousLevel = logger.getLevel();
    logger.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    logger.addHandler(capture);
  }

  @AfterEach
  void restoreLog() {
    logger.removeHandler(capture);
    logger.setLevel(previousLevel);
  }

  @Test
  void debugLogNamesRequestsStatusesRetriesAndRequestIds() {
    enqueue(503, Bodies.LIST_500);
    enqueue(200, Bodies.GET_200);

    client().getBackfill(1, 2);

    assertThat(lines).anyMatch(l -> l.contains("GET /v1/teams/1/backfills/2 -> 503"));
    assertThat(lines).anyMatch(l -> l.contains("retrying in"));
    assertThat(lines).anyMatch(l -> l.contains("-> 200") && l.contains(Bodies.DOC_REQUEST_ID));
  }

  @Test
  void debugLogNeverContainsTheToken() {
    enqueue(500, Bodies.withDescription("E", "echo " + TOKEN, "Bearer " + TOKEN));
    server.enqueue(disconnectAtStart());
    server.enqueue(json(429, "{\"meta\":{\"request_id\":\"" + TOKEN + "\"}}").addHeader("Retry-After", "120").build());
    BackfillsClient client = client();

    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(BackfillsException.class);
    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(BackfillsException.class);

    assertThat(lines).isNotEmpty();
    assertThat(lines).noneMatch(l -> l.contains(TOKEN));
  }

  @Test
  void waitingOutAPauseIsLogged() {
    server.enqueue(tooMany("2"));
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = track(builder().maxRetries(0).build());
    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(BackfillsException.class);

    client.getBackfill(1, 2);

    assertThat(lines).anyMatch(l -> l.contains("holding back"));
  }
}
