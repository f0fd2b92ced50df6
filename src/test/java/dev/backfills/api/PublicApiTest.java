package dev.backfills.api;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API-compatibility gate: the public API compiled into {@code target/classes} must equal the
 * committed {@code api/backfills-client.api}, so that no change to what callers compile against goes
 * in unnoticed. A change to the API and to that file land in the same commit, where a reviewer sees
 * both; a removed or changed line breaks callers, an added line does not.
 *
 * <p>To accept a change, regenerate the file and commit it:
 *
 * <pre>
 * mvn -B test -Dtest=PublicApiTest -Dapi.update=true
 * </pre>
 *
 * <p>Once a release is on Maven Central, japicmp against that release can take over; until then this file
 * is the reference.
 */
class PublicApiTest {
  static final String FILE = "api/backfills-client.api";
  static final String UPDATE_COMMAND = "mvn -B test -Dtest=PublicApiTest -Dapi.update=true";

  @Test
  void publicApiMatchesTheCommittedSignatureFile() throws Exception {
    Path basedir = Paths.get(System.getProperty("basedir", "."));
    Path committed = basedir.resolve(FILE);
    String actual = ApiSignature.of(basedir.resolve("target/classes"), getClass().getClassLoader());

    if (Boolean.getBoolean("api.update")) {
      Files.createDirectories(committed.getParent());
      Files.writeString(committed, actual, StandardCharsets.UTF_8);
      System.out.println("Wrote " + committed.toAbsolutePath());
      return;
    }
    if (!Files.exists(committed)) {
      fail(FILE + " is missing. Generate it with\n    " + UPDATE_COMMAND + "\nand commit it.");
    }
    String expected = Files.readString(committed, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      fail(report(expected, actual));
    }
  }

  /** What a developer reads when the gate fails: what changed, whether it breaks callers, what to run. */
  static String report(String expected, String actual) {
    List<String> before = lines(expected);
    List<String> after = lines(actual);
    List<String> diff = UnifiedDiff.of(before, after, 3);
    long removed = diff.stream().filter(l -> l.startsWith("-") && !l.startsWith("---")).count();
    long added = diff.stream().filter(l -> l.startsWith("+") && !l.startsWith("+++")).count();
    StringBuilder s = new StringBuilder();
    s.append("The public API differs from ").append(FILE).append(" (")
        .append(removed).append(" line(s) removed or changed, ").append(added).append(" added).\n");
    if (removed > 0) {
      s.append("Removed or changed lines break code compiled against the previous API.\n");
    }
    s.append('\n')
        .append("--- ").append(FILE).append(" (committed)\n")
        .append("+++ target/classes (this build)\n");
    diff.forEach(line -> s.append(line).append('\n'));
    s.append('\n')
        .append("If the change is intended, regenerate the file and commit it together with the change:\n")
        .append("    ").append(UPDATE_COMMAND).append('\n')
        .append("If it is not, restore the previous signature in the source.\n");
    return s.toString();
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }
}
