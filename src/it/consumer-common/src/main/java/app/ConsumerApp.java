package app;

import dev.backfills.ApiResponse;
import dev.backfills.BackfillsClient;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.model.Backfill;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * A user's application in miniature, run by every consumer check in a fresh JVM: it calls the library
 * over real HTTP against the embedded fake API, success and error paths, sync and async, and checks that
 * the OkHttp and Jackson jars it runs on are the versions the check pinned. Any surprise is an exception,
 * so the JVM exits non-zero and the check fails.
 */
public final class ConsumerApp {
  private ConsumerApp() {}

  public static void main(String[] args) throws Exception {
    System.out.println("consumer-ok class-path " + run());
  }

  /** Runs the calls; returns a one-line summary. */
  public static String run() throws Exception {
    String versions = checkVersions();
    long team = FakeBackfillsServer.DEFAULT_TEAM_ID;
    // A caller-owned OkHttpClient: OkHttp types are part of the library's API (requires transitive).
    OkHttpClient shared = new OkHttpClient.Builder().build();
    try (FakeBackfillsServer server = FakeBackfillsServer.start();
        BackfillsClient client = BackfillsClient.builder()
            .baseUrl(server.baseUrl())
            .token(FakeBackfillsServer.DEFAULT_TOKEN)
            .httpClient(shared)
            .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
            .build()) {
      Backfill added = server.addBackfill(team,
          FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)).build());
      long id = added.transferBackfillId();

      // JSON decoding of one backfill (Jackson streaming + the JSR-310 module on the path).
      Backfill read = client.getBackfill(team, id);
      check(read.transferBackfillId() == id && read.transferId() == added.transferId()
              && LocalDate.of(2024, 1, 31).equals(read.rangeEndDate()) && read.createdTime() != null,
          "getBackfill decoded " + read);

      List<Backfill> listed = client.listIncompleteBackfills(team);
      check(listed.size() == 1 && listed.get(0).transferBackfillId() == id, "listIncompleteBackfills: " + listed);

      // An error answer: typed exception, parsed error body, request id.
      String notFound;
      try {
        client.getBackfill(team, 999_999);
        throw new AssertionError("getBackfill of a missing backfill returned");
      } catch (NotFoundException e) {
        check(e.statusCode() == 404 && e.error() != null && e.requestId() != null, "NotFoundException " + e);
        notFound = e.statusCode() + "/" + e.error().code();
      }

      // A 503 retried on OkHttp, then the success with its metadata.
      server.failNext(1, 503);
      ApiResponse<Backfill> retried = client.getBackfillWithResponse(team, id);
      check(retried.attempts() == 2 && retried.requestId() != null, "retry after a 503: " + retried);

      // Async, on OkHttp's dispatcher.
      Backfill async = client.getBackfillAsync(team, id).get(30, TimeUnit.SECONDS);
      check(async.transferBackfillId() == id, "getBackfillAsync: " + async);

      check(client.lastRateLimit().isPresent(), "lastRateLimit() after answers with X-RateLimit-*");

      String unauthorized;
      try (BackfillsClient wrong = BackfillsClient.builder()
          .baseUrl(server.baseUrl()).token("not-the-token").build()) {
        wrong.getBackfill(team, id);
        throw new AssertionError("a wrong token was accepted");
      } catch (UnauthorizedException e) {
        unauthorized = Integer.toString(e.statusCode());
      }

      return "get=" + id + " " + read.status() + " listed=" + listed.size() + " notFound=" + notFound
          + " retriedAttempts=" + retried.attempts() + " async=" + async.transferBackfillId()
          + " unauthorized=" + unauthorized + " " + client.lastRateLimit().get() + " " + versions;
    } finally {
      // The client never shuts down a caller's OkHttpClient; the caller does.
      shared.dispatcher().executorService().shutdown();
      shared.connectionPool().evictAll();
    }
  }

  /**
   * Which OkHttp and Jackson jars this JVM really loaded, checked against what the check pinned
   * ({@code -Dexpect.okhttp}, {@code -Dexpect.jackson}): a version range is only tested if dependency
   * mediation did not quietly pick another version.
   */
  private static String checkVersions() throws ClassNotFoundException {
    String okhttp = System.getProperty("expect.okhttp");
    String jackson = System.getProperty("expect.jackson");
    check(okhttp != null && jackson != null, "the check must pass -Dexpect.okhttp and -Dexpect.jackson");
    check(okhttp.equals(okhttp3.OkHttp.VERSION), "OkHttp.VERSION is " + okhttp3.OkHttp.VERSION + ", expected " + okhttp);
    expectJar("okhttp3.OkHttp", "okhttp-jvm-" + okhttp + ".jar");
    expectJar("com.fasterxml.jackson.core.JsonParser", "jackson-core-" + jackson + ".jar");
    expectJar("com.fasterxml.jackson.databind.ObjectMapper", "jackson-databind-" + jackson + ".jar");
    expectJar("com.fasterxml.jackson.datatype.jsr310.JavaTimeModule", "jackson-datatype-jsr310-" + jackson + ".jar");
    // OkHttp 5 is written in Kotlin; frameworks such as Spring Boot 3 manage kotlin-stdlib themselves.
    String kotlin = System.getProperty("expect.kotlin", "");
    String kotlinJar = jarOf("kotlin.KotlinVersion");
    if (!kotlin.isEmpty()) {
      expectJar("kotlin.KotlinVersion", "kotlin-stdlib-" + kotlin + ".jar");
    }
    return "okhttp=" + okhttp + " jackson=" + jackson + " kotlin-stdlib=" + kotlinJar
        + " java=" + System.getProperty("java.version");
  }

  private static void expectJar(String className, String jar) throws ClassNotFoundException {
    String from = jarOf(className);
    check(from.equals(jar), className + " was loaded from " + from + ", expected " + jar);
  }

  private static String jarOf(String className) throws ClassNotFoundException {
    Class<?> type = Class.forName(className, false, ConsumerApp.class.getClassLoader());
    try {
      Path from = Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      return from.getFileName().toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("consumer check failed: " + what);
    }
  }
}
