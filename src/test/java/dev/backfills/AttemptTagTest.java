package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.exception.NotFoundException;
import dev.backfills.internal.AttemptTag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Every attempt carries its own {@link AttemptTag} through OkHttp's interceptors: the interceptors fill it
 * in (the token a provider handed out, the budget headers, whether the request reached a connection), and
 * the transport reads it, so headers are parsed once and exactly the token sent is scrubbed from messages.
 */
class AttemptTagTest extends ServerTest {
  private final List<AttemptTag> seen = new ArrayList<>();

  private OkHttpClient recording() {
    return new OkHttpClient.Builder()
        .addNetworkInterceptor(chain -> {
          seen.add(chain.request().tag(AttemptTag.class));
          return chain.proceed(chain.request());
        })
        .build();
  }

  @Test
  void aFixedTokenIsNotCopiedIntoTheTag() {
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = track(builder().httpClient(recording()).build());

    assertThat(client.getBackfill(1, 12345).transferBackfillId()).isEqualTo(12345);
    assertThat(seen).singleElement().satisfies(tag -> assertThat(tag.token()).isNull());
  }

  @Test
  void eachAttemptGetsItsOwnTag() {
    enqueue(503, "");
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = track(builder().httpClient(recording()).build());

    client.getBackfill(1, 12345);

    assertThat(seen).hasSize(2).doesNotHaveDuplicates();
    assertThat(seen).allSatisfy(tag -> assertThat(tag.reachedConnection()).isTrue());
  }

  @Test
  void theBudgetHeadersAreParsedIntoTheTag() {
    server.enqueue(new mockwebserver3.MockResponse.Builder().body(Bodies.GET_200)
        .addHeader("X-RateLimit-Limit", "100").addHeader("X-RateLimit-Remaining", "41").build());
    BackfillsClient client = track(builder().httpClient(recording()).build());

    ApiResponse<?> answer = client.getBackfillWithResponse(1, 12345);

    assertThat(seen.get(0).headers().rateLimit()).isEqualTo(answer.rateLimit()).isNotNull();
    assertThat(answer.rateLimit()).isSameAs(client.lastRateLimit().orElseThrow());
  }

  @Test
  void aProvidedTokenIsRecordedPerAttemptAndScrubbed() {
    AtomicInteger n = new AtomicInteger();
    String echoed = "{\"meta\":{\"request_id\":\"r\"},\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no %s\"}}";
    enqueue(404, String.format(echoed, "rotating-token-1"));
    BackfillsClient client = track(BackfillsClient.builder().baseUrl(baseUrl("/v1")).timeSource(time)
        .tokenProvider(() -> "rotating-token-" + n.incrementAndGet()).httpClient(recording()).build());

    NotFoundException e = org.junit.jupiter.api.Assertions.assertThrows(
        NotFoundException.class, () -> client.getBackfill(1, 2));
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).token()).isEqualTo("rotating-token-1");
    assertThat(e.getMessage()).doesNotContain("rotating-token-1").contains("[redacted]");
  }
}
