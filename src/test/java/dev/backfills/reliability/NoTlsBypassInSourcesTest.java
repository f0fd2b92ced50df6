package dev.backfills.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library never weakens TLS itself: no file under {@code src/main/java} defines or even mentions a
 * trust manager, a hostname verifier, its own socket factory, or a trust-everything switch. Callers who
 * need a private CA pass their own OkHttpClient ({@code Builder.httpClient}); the library only ever
 * uses the platform's checks. The match is case-insensitive, comments included, so a "temporary"
 * bypass cannot slip in with a different spelling.
 */
class NoTlsBypassInSourcesTest {
  private static final Path MAIN_SOURCES = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java");

  @ParameterizedTest(name = "no source mentions {0}")
  @ValueSource(strings = {
      "TrustManager", "HostnameVerifier", "hostnameVerifier(", "sslSocketFactory(", "SSLSocketFactory",
      "SSLContext", "ALLOW_ALL", "trustAll", "trust_all", "checkServerTrusted", "addInsecureHost",
      "InsecureTrust", "NoopHostname", "setDefaultHostnameVerifier"})
  void noMainSourceMentions(String forbidden) throws IOException {
    assertThat(filesMentioning(MAIN_SOURCES, forbidden)).as("files under %s mentioning %s", MAIN_SOURCES, forbidden)
        .isEmpty();
  }

  @Test
  void theScanReadsTheRealSourcesAndWouldSeeABypass() throws IOException {
    List<Path> sources = javaFiles(MAIN_SOURCES);
    assertThat(sources).as("Java files under %s", MAIN_SOURCES).hasSizeGreaterThan(20)
        .anyMatch(p -> p.endsWith("BackfillsClient.java"));

    Path planted = Files.createTempDirectory("tls-scan");
    try {
      Files.writeString(planted.resolve("Bad.java"),
          "class Bad { Object v = (javax.net.ssl.HostnameVerifier) (h, s) -> true; }", StandardCharsets.UTF_8);
      assertThat(filesMentioning(planted, "hostnameverifier")).hasSize(1);
    } finally {
      try (Stream<Path> files = Files.walk(planted)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static List<String> filesMentioning(Path root, String forbidden) throws IOException {
    String needle = forbidden.toLowerCase(Locale.ROOT);
    List<String> hits = new ArrayList<>();
    for (Path file : javaFiles(root)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).toLowerCase(Locale.ROOT).contains(needle)) {
          hits.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    return hits;
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}
