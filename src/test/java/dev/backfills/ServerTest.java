package dev.backfills;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A MockWebServer on 127.0.0.1 per test, and clients pointed at it with a {@link FakeTime}, so that no
 * test ever really waits for a retry.
 */
abstract class ServerTest {
  static final String TOKEN = "test-token-5f3c9a1e";

  protected MockWebServer server;
  protected FakeTime time;
  private AnswerQueue answers;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    answers = new AnswerQueue();
    server.setDispatcher(answers);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    time = new FakeTime();
  }

  @AfterEach
  void stopServer() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    server.close();
  }

  /** {@code http://127.0.0.1:<port>} plus {@code path}. */
  protected String baseUrl(String path) {
    return "http://127.0.0.1:" + server.getPort() + path;
  }

  /** A builder with the token, the server's base URL and the fake clock. */
  protected BackfillsClient.Builder builder() {
    return BackfillsClient.builder().token(TOKEN).baseUrl(baseUrl("/v1")).timeSource(time);
  }

  protected BackfillsClient client() {
    return track(builder().build());
  }

  protected BackfillsClient track(BackfillsClient client) {
    closeables.add(client);
    return client;
  }

  protected void enqueue(int code, String body) {
    server.enqueue(json(code, body).build());
  }

  protected static MockResponse.Builder json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body);
  }

  /** An answer that never comes: the server accepts the request and stays silent. */
  protected static MockResponse stall() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  /** An answer cut off before it starts: the server reads the request, then closes the connection. */
  protected static MockResponse disconnectAtStart() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
  }

  /** A 429 with the vendor's error body and {@code Retry-After: retryAfter}. */
  protected static MockResponse tooMany(String retryAfter) {
    return json(429, Bodies.LIST_429).addHeader("Retry-After", retryAfter).build();
  }

  /**
   * The next request the server has picked an answer for; fails rather than hangs when none came. The
   * server records a request before it picks the answer, so waiting for the record alone would let a
   * request sent after this returns take the answer queued for this one.
   */
  protected RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.getDispatcher() == answers
        ? answers.answered.poll(5, TimeUnit.SECONDS)
        : server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no request reached the server");
    }
    return request;
  }

  /** Answers from the queue, as MockWebServer does, and notes each request once its answer is picked. */
  private static final class AnswerQueue extends QueueDispatcher {
    final BlockingQueue<RecordedRequest> answered = new LinkedBlockingQueue<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      MockResponse answer = super.dispatch(request);
      answered.add(request);
      return answer;
    }
  }
}
