package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.TransportException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** Timeouts, and sharing a caller's OkHttpClient. */
class HttpClientAndTimeoutTest extends ServerTest {

  // --- call timeout ---

  @Test
  void callTimeoutEndsACallWhoseServerNeverAnswers() {
    FakeTime realClock = new FakeTime(true);
    server.enqueue(stall());
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient client = track(builder().timeSource(realClock).callTimeout(Duration.ofMillis(300)).build());

    TransportException e = catchThrowableOfType(TransportException.class, () -> client.getBackfill(1, 2));

    assertThat(e.getCause()).isInstanceOf(InterruptedIOException.class);
    assertThat(e.getMessage()).contains("call timeout");
    assertThat(server.getRequestCount()).as("no retry once the call's time is spent").isEqualTo(1);
  }

  @Test
  void callTimeoutBoundsTheRetriesToo() {
    FakeTime realClock = new FakeTime(true);
    for (int i = 0; i < 5; i++) {
      server.enqueue(stall());
    }
    BackfillsClient client = track(builder().timeSource(realClock).maxRetries(4)
        .readTimeout(Duration.ofMillis(100)).callTimeout(Duration.ofMillis(250)).build());

    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(TransportException.class);
    assertThat(server.getRequestCount()).isLessThan(5);
  }

  @Test
  void retryAfterEndingPastTheCallTimeoutIsNotWaited() {
    server.enqueue(tooMany("5"));
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient client = track(builder().callTimeout(Duration.ofSeconds(2)).build());

    RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> client.getBackfill(1, 2));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void retryAfterWithinTheCallTimeoutIsWaited() {
    server.enqueue(tooMany("1"));
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient client = track(builder().callTimeout(Duration.ofSeconds(2)).build());

    client.getBackfill(1, 2);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void readTimeoutIsAnIoFailureThatIsRetried() {
    server.enqueue(stall());
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient client = track(builder().readTimeout(Duration.ofMillis(150)).build());

    assertThat(client.getBackfillWithResponse(1, 2).attempts()).isEqualTo(2);
  }

  @Test
  void readTimeoutEveryTimeIsATransportException() throws Exception {
    server.enqueue(stall());
    server.enqueue(stall());
    BackfillsClient client = track(builder().maxRetries(1).connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofMillis(100)).build());

    TransportException e = catchThrowableOfType(TransportException.class, () -> client.getBackfill(1, 2));

    assertThat(e.getCause()).isInstanceOf(InterruptedIOException.class);
    assertThat(e.getMessage()).contains("I/O failure");
    // The client gave up before the server necessarily logged the second request: wait for it.
    take();
    take();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  // --- a caller's OkHttpClient ---

  @Test
  void callersOkHttpClientIsUsed() {
    List<String> seen = new CopyOnWriteArrayList<>();
    OkHttpClient caller = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          seen.add(chain.request().url().encodedPath());
          return chain.proceed(chain.request());
        })
        .build();
    enqueue(200, Bodies.GET_200);
    try {
      BackfillsClient client = track(builder().httpClient(caller).build());

      client.getBackfill(1, 2);

      assertThat(seen).containsExactly("/v1/teams/1/backfills/2");
    } finally {
      shutDown(caller);
    }
  }

  @Test
  void callersOkHttpClientStillCarriesTheLibrarysHeaders() throws Exception {
    OkHttpClient caller = new OkHttpClient();
    enqueue(200, Bodies.GET_200);
    try {
      track(builder().httpClient(caller).build()).getBackfill(1, 2);

      var request = take();
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(request.getHeaders().get("User-Agent")).startsWith("backfills-client/");
    } finally {
      shutDown(caller);
    }
  }

  @Test
  void callersOkHttpClientIsNotChangedByTheLibrary() {
    OkHttpClient caller = new OkHttpClient();
    try {
      track(builder().httpClient(caller).readTimeout(Duration.ofSeconds(1)).build());

      assertThat(caller.interceptors()).isEmpty();
      assertThat(caller.readTimeoutMillis()).isEqualTo(10_000);
    } finally {
      shutDown(caller);
    }
  }

  @Test
  void closeLeavesTheCallersOkHttpClientUsable() throws Exception {
    OkHttpClient caller = new OkHttpClient();
    enqueue(200, Bodies.GET_200);
    enqueue(200, "plain");
    try {
      BackfillsClient client = builder().httpClient(caller).build();
      client.getBackfill(1, 2);

      client.close();

      assertThat(caller.dispatcher().executorService().isShutdown()).isFalse();
      try (Response r = caller.newCall(new Request.Builder().url(baseUrl("/after-close")).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).isEqualTo("plain");
      }
    } finally {
      shutDown(caller);
    }
  }

  private static void shutDown(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
