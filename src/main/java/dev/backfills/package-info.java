/**
 * The client: {@link dev.backfills.BackfillsClient} and its builder, the {@link dev.backfills.ApiResponse}
 * of a call with its metadata, waiting and watching ({@link dev.backfills.TeamWatch},
 * {@link dev.backfills.BackfillListener}, {@link dev.backfills.PollingOptions}), and the
 * {@link dev.backfills.CallListener} for metrics and tracing.
 *
 * <p>Types here are null-marked: nothing is null unless annotated {@code @Nullable}.
 *
 * <p><b>Logging.</b> The client logs through {@link java.lang.System.Logger} and adds no logging
 * dependency. It uses two loggers:
 *
 * <ul>
 *   <li>{@code dev.backfills.BackfillsClient}, at {@code DEBUG}: every attempt (method, path, status or
 *       I/O failure, duration, attempt number, the answer's request id), each wait before a retry, and
 *       each hold before sending while a server's {@code Retry-After} pause lasts; at {@code WARNING}, a
 *       {@link dev.backfills.CallListener} threw (the call goes on);
 *   <li>{@code dev.backfills.TeamWatch}, at {@code WARNING}: a {@link dev.backfills.BackfillListener}
 *       threw (the watch goes on); at {@code DEBUG}, a poll failed. A watch's attempts show under
 *       {@code dev.backfills.BackfillsClient}.
 * </ul>
 *
 * <p>The token, headers and bodies are never logged, and text that could hold server output is scrubbed
 * of the token. To see the {@code DEBUG} lines, set {@code dev.backfills} to {@code DEBUG} in whatever
 * handles {@code System.Logger}: with SLF4J 2, add {@code org.slf4j:slf4j-jdk-platform-logging} and set
 * the level in the backend (Logback: {@code <logger name="dev.backfills" level="DEBUG"/>}); with Log4j 2,
 * add {@code org.apache.logging.log4j:log4j-jpl}; with Spring Boot, {@code
 * logging.level.dev.backfills=DEBUG} plus one of those two bridges, which Boot does not add by itself.
 * With plain {@code java.util.logging}, where {@code DEBUG} is {@code FINE}, start the JVM with {@code
 * -Djava.util.logging.config.file=logging.properties} and this file:
 *
 * <pre>
 * handlers=java.util.logging.ConsoleHandler
 * java.util.logging.ConsoleHandler.level=FINE
 * dev.backfills.level=FINE
 * </pre>
 */
@NullMarked
package dev.backfills;

import org.jspecify.annotations.NullMarked;
