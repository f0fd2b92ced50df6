package dev.backfills;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfills.exception.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * The README's plain java.util.logging recipe, exactly as printed there: with it, a real call shows its
 * attempt at FINE on the console, and the token shows nowhere.
 */
class LoggingRecipeTest {
  private static final String TOKEN = "recipe-token-7d41c0b2";

  @Test
  void theReadmeJulRecipeShowsEachAttemptOnTheConsoleAndNeverTheToken() throws Exception {
    byte[] recipe;
    try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/logging-recipe.properties"))) {
      recipe = in.readAllBytes();
    }
    String readme = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("README.md"), UTF_8);
    assertThat(readme).as("the README prints the recipe this test runs")
        .contains("```properties\n" + new String(recipe, UTF_8) + "```\n");

    // Launched with -Djava.util.logging.config.file, the JDK reads the file before the client's loggers
    // exist, and making them then makes "dev.backfills" with the file's level. In this JVM earlier tests
    // may have made them already, and a configuration read later only sets levels on loggers that exist
    // under that exact name (as the README says): holding "dev.backfills" first gives the tree a launch
    // would have.
    Logger backfills = Logger.getLogger("dev.backfills");
    LogManager manager = LogManager.getLogManager();
    PrintStream previousErr = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (MockWebServer server = new MockWebServer()) {
      try {
        System.setErr(new PrintStream(console, true, UTF_8));
        manager.readConfiguration(new ByteArrayInputStream(recipe));
        // The root's handlers are made on first use; a ConsoleHandler writes to System.err as it was then.
        assertThat(Logger.getLogger("").getHandlers()).hasSize(1);
      } finally {
        System.setErr(previousErr);
      }
      assertThat(backfills.getLevel()).isEqualTo(Level.FINE);
      assertThat(System.getLogger("dev.backfills.BackfillsClient").isLoggable(System.Logger.Level.DEBUG)).isTrue();

      server.start(InetAddress.getByName("127.0.0.1"), 0);
      server.enqueue(json(200, Bodies.GET_200));
      server.enqueue(json(404,
          "{\"meta\":{\"request_id\":\"" + TOKEN + "\"},\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no backfill"
              + " for " + TOKEN + "\"}}"));
      try (BackfillsClient client =
          BackfillsClient.builder().baseUrl(server.url("/v1").toString()).token(TOKEN).build()) {
        client.getBackfill(7, 12345);
        assertThatThrownBy(() -> client.getBackfill(7, 404)).isInstanceOf(NotFoundException.class);
      }
    } finally {
      manager.readConfiguration();
    }
    assertThat(System.getLogger("dev.backfills.BackfillsClient").isLoggable(System.Logger.Level.DEBUG))
        .as("the default configuration is back for the other tests").isFalse();

    String out = console.toString(UTF_8);
    assertThat(out.lines()).anyMatch(line -> line.startsWith("FINE: GET /v1/teams/7/backfills/12345")
        && line.contains("200") && line.contains("attempt 1") && line.contains(Bodies.DOC_REQUEST_ID));
    assertThat(out.lines()).anyMatch(line -> line.startsWith("FINE: GET /v1/teams/7/backfills/404")
        && line.contains("404") && line.contains("[redacted]"));
    assertThat(out).doesNotContain(TOKEN);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }
}
