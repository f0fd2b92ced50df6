package app.nohttpserver;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the class-load log of the NoHttpServerApp run (-Xlog:class+load) and fails unless the client's
 * classes were loaded (so the log is the real one) and no class of the test kit, or of the JDK's HTTP
 * server, was.
 */
public final class ClassLoadCheck {
  /** "[0.123s][info][class,load] dev.backfills.BackfillsClient source: jrt:/..." : the class name. */
  private static final Pattern LOADED = Pattern.compile("\\[class,load\\s*\\] (\\S+) source:");

  private ClassLoadCheck() {}

  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    List<String> classes = lines.stream()
        .map(LOADED::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .toList();
    NoHttpServerApp.check(classes.size() > 100, "the log lists only " + classes.size() + " classes");
    for (String expected : List.of("dev.backfills.BackfillsClient", "dev.backfills.internal.Json",
        "dev.backfills.model.Backfill", "app.nohttpserver.NoHttpServerApp")) {
      NoHttpServerApp.check(classes.contains(expected), expected + " is not in the class-load log");
    }
    List<String> forbidden = classes.stream()
        .filter(c -> c.startsWith("dev.backfills.testing.") || c.startsWith("com.sun.net.httpserver."))
        .toList();
    NoHttpServerApp.check(forbidden.isEmpty(), "loaded " + forbidden);
    long library = classes.stream().filter(c -> c.startsWith("dev.backfills.")).count();
    System.out.println("consumer-ok class-load log: " + classes.size() + " classes, " + library
        + " of dev.backfills, none of dev.backfills.testing or com.sun.net.httpserver");
  }
}
