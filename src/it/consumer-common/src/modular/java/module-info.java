/**
 * Consumer check 2: an application module that needs nothing but the library's module. OkHttp types
 * compile because dev.backfills.client requires okhttp3 transitively; Jackson and jdk.httpserver are
 * resolved because the library requires them.
 */
module dev.backfills.it.modular {
  requires dev.backfills.client;
}
