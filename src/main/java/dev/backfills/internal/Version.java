package dev.backfills.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** The library's version, written into a resource by the build. */
public final class Version {
  /** The version, for example {@code 0.1.0}, or {@code unknown} when the resource is missing. */
  public static final String VERSION = load();

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "unknown");
      return version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The User-Agent: library, OkHttp and Java versions, then the caller's suffix if any. */
  public static String userAgent(@Nullable String suffix) {
    String base = "backfills-client/" + VERSION + " okhttp/" + okhttp3.OkHttp.VERSION
        + " java/" + System.getProperty("java.version", "unknown");
    return suffix == null ? base : base + " " + suffix;
  }
}
