/**
 * Consumer check 3: an application module that needs nothing but the library's module, run with
 * --limit-modules set to itself, so jdk.httpserver is not even observable.
 */
module dev.backfills.it.nohttpserver {
  requires dev.backfills.client;
}
