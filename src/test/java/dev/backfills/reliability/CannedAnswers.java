package dev.backfills.reliability;

import dev.backfills.ApiResponse;
import dev.backfills.BackfillsClient;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * A real {@link BackfillsClient} whose HTTP answers come from the test instead of a socket: an
 * application interceptor on the caller's OkHttpClient answers each call with a synthetic
 * {@link Response}. Everything after OkHttp (status mapping, the size cap, the streaming decoder, the
 * exceptions) is the client's real code path, at a few microseconds per case instead of a round trip.
 * One call at a time; not thread-safe.
 */
final class CannedAnswers implements AutoCloseable {
  static final long TEAM = 42;
  static final long ID = 12345;

  /** One answer: status, Content-Type header (null for none), body, and whether Content-Length is known. */
  record Answer(int status, String contentType, byte[] body, boolean knownLength) {
    @Override
    public String toString() {
      return "HTTP " + status + ", Content-Type " + contentType + ", " + body.length + " bytes"
          + (knownLength ? " with Content-Length" : " without Content-Length");
    }
  }

  private final OkHttpClient http;
  private final BackfillsClient client;
  private Answer next;

  CannedAnswers() {
    this(BackfillsClient.builder());
  }

  /** With a builder carrying options such as maxResponseBodySize; base URL, token and HTTP client are set here. */
  CannedAnswers(BackfillsClient.Builder builder) {
    this.http = new OkHttpClient.Builder().addInterceptor(this::answer).build();
    // Port 9 on loopback: never contacted, the interceptor answers first.
    this.client = builder.baseUrl("http://127.0.0.1:9/v1").token("canned-token").httpClient(http).build();
  }

  private Response answer(Interceptor.Chain chain) {
    Answer a = next;
    Request request = chain.request();
    Response.Builder response = new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(a.status())
        .message("Canned")
        .body(body(a));
    if (a.contentType() != null) {
      response.header("Content-Type", a.contentType());
    }
    return response.build();
  }

  private static ResponseBody body(Answer a) {
    MediaType type = a.contentType() == null ? null : MediaType.parse(a.contentType());
    if (a.knownLength()) {
      return ResponseBody.create(a.body(), type);
    }
    Buffer bytes = new Buffer().write(a.body());
    return new ResponseBody() {
      @Override
      public MediaType contentType() {
        return type;
      }

      @Override
      public long contentLength() {
        return -1;
      }

      @Override
      public BufferedSource source() {
        return bytes;
      }
    };
  }

  /**
   * Makes one call answered with {@code answer}: to the list endpoint or to get-by-id.
   *
   * @return the {@link ApiResponse}, or whatever the call threw (any {@link Throwable}, errors included)
   */
  Object call(Answer answer, boolean list) {
    this.next = answer;
    try {
      ApiResponse<?> response = list
          ? client.listIncompleteBackfillsWithResponse(TEAM)
          : client.getBackfillWithResponse(TEAM, ID);
      return response;
    } catch (Throwable t) {
      return t;
    } finally {
      this.next = null;
    }
  }

  @Override
  public void close() {
    client.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
