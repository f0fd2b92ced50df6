package dev.backfills.reliability;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures a JUL logger's records at every level while open: the client's debug log ({@code
 * System.Logger} "dev.backfills.BackfillsClient", whose DEBUG is JUL's FINE) or OkHttp's warnings
 * ("okhttp3.OkHttpClient"). Closing restores the logger's level and detaches the handler.
 */
final class DebugLog extends Handler implements AutoCloseable {
  static final String CLIENT_LOGGER = "dev.backfills.BackfillsClient";
  static final String OKHTTP_LOGGER = "okhttp3.OkHttpClient";

  private final Logger logger;
  private final Level previousLevel;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private DebugLog(String name) {
    // Keep a strong reference: JUL holds loggers weakly, and a collected logger loses its handler.
    this.logger = Logger.getLogger(name);
    this.previousLevel = logger.getLevel();
    setLevel(Level.ALL);
    logger.setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** Starts capturing everything {@code name} logs. */
  static DebugLog capture(String name) {
    return new DebugLog(name);
  }

  /** The formatted messages captured so far. */
  List<String> messages() {
    return records.stream().map(DebugLog::text).toList();
  }

  /** The captured records, with their levels and thrown exceptions. */
  List<LogRecord> records() {
    return List.copyOf(records);
  }

  private static String text(LogRecord r) {
    String message = r.getMessage();
    Object[] params = r.getParameters();
    if (message != null && params != null && params.length > 0) {
      try {
        message = java.text.MessageFormat.format(message, params);
      } catch (IllegalArgumentException notAPattern) {
        // keep the raw message
      }
    }
    return String.valueOf(message);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previousLevel);
  }
}
