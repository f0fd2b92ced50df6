package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.exception.NotFoundException;
import dev.backfills.internal.UsedToken;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * A fixed token is known to the transport, so requests carry no {@link UsedToken} slot (tagging a request
 * costs a copy of it per call); with a token provider each attempt gets its own slot, filled with the token
 * that was sent, which is what gets scrubbed from messages.
 */
class UsedTokenTagTest extends ServerTest {
  private final List<UsedToken> seen = new ArrayList<>();

  private OkHttpClient recording() {
    return new OkHttpClient.Builder()
        .addNetworkInterceptor(chain -> {
          seen.add(chain.request().tag(UsedToken.class));
          return chain.proceed(chain.request());
        })
        .build();
  }

  @Test
  void aFixedTokenSendsRequestsWithoutASlot() {
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = track(builder().httpClient(recording()).build());

    assertThat(client.getBackfill(1, 12345).transferBackfillId()).isEqualTo(12345);
    assertThat(seen).containsExactly((UsedToken) null);
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
    assertThat(seen.get(0).value()).isEqualTo("rotating-token-1");
    assertThat(e.getMessage()).doesNotContain("rotating-token-1").contains("[redacted]");
  }
}
