/**
 * A typed client for the backfills REST API: {@link dev.backfills.BackfillsClient} and its records,
 * exceptions and embedded fake server ({@code dev.backfills.testing}, for tests; it needs no module
 * beyond those the client needs).
 *
 * <p>The module exports the four API packages and nothing else; {@code dev.backfills.internal} stays
 * encapsulated, on the module path as well as by convention on the class path. Example, in an
 * application's own {@code module-info.java}:
 *
 * <pre>{@code
 * module com.example.reports {
 *   requires dev.backfills.client;   // also makes okhttp3 readable: Builder.httpClient(OkHttpClient)
 * }
 * }</pre>
 */
module dev.backfills.client {
  // OkHttpClient appears in the public API (BackfillsClient.Builder#httpClient), so a module that
  // reads this one must read OkHttp too. okhttp3 in turn "requires transitive okio" (used by the
  // transport) and kotlin.stdlib, so neither is named here: okio is an automatic module, and
  // requiring it directly would only add a requires-automatic warning.
  requires transitive okhttp3;

  // Jackson never appears in the public API: plain requires.
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;

  // JSpecify nullness annotations (@NullMarked packages, @Nullable types) serve compilers and tools
  // only: needed to compile this module, not to run it. The jar stays a regular Maven dependency, so
  // consumers' tools (Kotlin, NullAway, IDEs) find it.
  requires static transitive org.jspecify;

  // Nothing of the JDK beyond java.base: the test kit (dev.backfills.testing) serves HTTP with a small
  // server of its own on java.net.ServerSocket, so no application's module graph needs jdk.httpserver,
  // and nothing of the test kit is loaded unless a test uses it.

  exports dev.backfills;
  exports dev.backfills.model;
  exports dev.backfills.exception;
  exports dev.backfills.testing;

  // The client decodes JSON with hand-written deserializers and never reflects on the records. This
  // lets applications that bind or serialize the records with their own Jackson ObjectMapper (a web
  // framework returning a Backfill, say) do so on the module path; no other module gets deep access.
  opens dev.backfills.model to com.fasterxml.jackson.databind;
}
