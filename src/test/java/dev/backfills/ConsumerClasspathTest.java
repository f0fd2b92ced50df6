package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.consumer.ConsumerMain;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the published dependency set is enough: a fresh JVM with nothing but the library's classes and
 * its runtime dependencies (as Maven resolves them for a consumer, written by the build to
 * {@code target/runtime-classpath.txt}) makes real calls.
 *
 * <p>This is what catches depending on OkHttp 5's empty {@code okhttp} artifact instead of
 * {@code okhttp-jvm}: MockWebServer drags the real classes onto the test class path, so every other test
 * would still pass.
 */
class ConsumerClasspathTest {
  @TempDir Path app;

  @Test
  void aConsumerWithOnlyTheLibraryOnItsClassPathCanMakeCalls() throws Exception {
    Path runtimeClasspath = Paths.get("target", "runtime-classpath.txt");
    assertThat(runtimeClasspath).as("written by maven-dependency-plugin in generate-test-resources").exists();
    String dependencies = Files.readString(runtimeClasspath).trim();
    assertThat(dependencies).contains("okhttp-jvm").contains("jackson-databind").doesNotContain("mockwebserver");

    Path classFile = Paths.get(ConsumerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("dev/backfills/consumer/ConsumerMain.class");
    Path copy = app.resolve("dev/backfills/consumer/ConsumerMain.class");
    Files.createDirectories(copy.getParent());
    Files.copy(classFile, copy);

    String classpath = String.join(File.pathSeparator, app.toString(),
        Paths.get("target", "classes").toAbsolutePath().toString(), dependencies);
    Process process = new ProcessBuilder(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", classpath, ConsumerMain.class.getName())
        .redirectErrorStream(true)
        .start();
    boolean exited = process.waitFor(120, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("consumer JVM exited by itself; output: %s", output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("consumer-ok 1001 ").contains("listed=1");
  }
}
