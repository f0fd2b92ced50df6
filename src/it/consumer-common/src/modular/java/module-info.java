/**
 * Consumer check 2: an application module that needs nothing but the library's module. OkHttp types
 * compile because dev.backfills.client requires okhttp3 transitively; Jackson is resolved because the
 * library requires it. The embedded fake the application also uses needs no other module (see
 * modulepath-no-httpserver for a run that leaves jdk.httpserver out altogether).
 */
module dev.backfills.it.modular {
  requires dev.backfills.client;
}
