package dev.backfills;

import dev.backfills.exception.ApiException;
import dev.backfills.exception.ForbiddenException;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.ServerException;
import dev.backfills.exception.UnauthorizedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/**
 * Shared ground of the wire-level tests of the write operations and the latest read: the ids, ranges
 * and paths they use, the vendor's example bodies, and a record of what reached the server.
 */
abstract class WireTest extends ServerTest {
  static final long TEAM = 7;
  static final long TRANSFER = 456789;
  static final long BACKFILL = 12345;
  static final LocalDate START = LocalDate.of(2024, 1, 1);
  static final LocalDate END = LocalDate.of(2024, 1, 31);

  static final String CREATE_PATH = "/v1/teams/7/transfers/456789/backfills";
  static final String LATEST_PATH = CREATE_PATH + "/latest";
  static final String BACKFILL_PATH = "/v1/teams/7/backfills/12345";

  static final String POST_CREATE = "POST " + CREATE_PATH;
  static final String GET_LATEST = "GET " + LATEST_PATH;
  static final String PATCH_CANCEL = "PATCH " + BACKFILL_PATH;
  static final String GET_BACKFILL = "GET " + BACKFILL_PATH;

  static final String CREATE_BODY = "{\"range_start\":\"2024-01-01\",\"range_end\":\"2024-01-31\"}";
  static final String CANCEL_BODY = "{\"status\":\"CANCELLED\"}";

  /** openapi.yaml, createBackfill, 200 example, verbatim. */
  static final String CREATE_200 = """
      {
        "meta": {"request_id": "01892A4D-7586-7000-8000-000000000000"},
        "data": {
          "transfer_backfill_id": 12345,
          "transfer_id": 456789,
          "range_start_date": "2024-01-01",
          "range_end_date": "2024-01-31",
          "created_time": "2024-02-01T09:00:00Z",
          "created_user_id": 789,
          "start_time": null,
          "end_time": null,
          "status": "CREATED",
          "transfer_runs_total": 31,
          "transfer_runs_created": 0,
          "transfer_runs_completed": 0,
          "transfer_runs_failed": 0,
          "error_report": []
        }
      }
      """;

  /** openapi.yaml, updateBackfillStatus, 200 example, verbatim. */
  static final String CANCEL_200 = """
      {
        "meta": {"request_id": "01892A4D-7586-7000-8000-000000000000"},
        "data": {
          "transfer_backfill_id": 12345,
          "transfer_id": 456789,
          "range_start_date": "2024-01-01",
          "range_end_date": "2024-01-31",
          "created_time": "2024-02-01T09:00:00Z",
          "created_user_id": 789,
          "removed_time": "2024-02-01T15:30:00Z",
          "removed_user_id": 790,
          "start_time": "2024-02-01T10:00:00Z",
          "end_time": "2024-02-01T15:30:00Z",
          "status": "CANCELLED",
          "transfer_runs_total": 31,
          "transfer_runs_created": 31,
          "transfer_runs_completed": 25,
          "transfer_runs_failed": 2,
          "error_report": []
        }
      }
      """;

  /** A backfill envelope: id 12345 of transfer 456789 with this status and range, and a request id. */
  static String backfill(String status, String rangeStart, String rangeEnd, String requestId) {
    return """
        {"meta":{"request_id":"%s"},"data":{"transfer_backfill_id":12345,"transfer_id":456789,\
        "range_start_date":"%s","range_end_date":"%s","created_time":"2024-02-01T09:00:00Z",\
        "created_user_id":789,"status":"%s","transfer_runs_total":31,"error_report":[]}}"""
        .formatted(requestId, rangeStart, rangeEnd, status);
  }

  /** What the check reads when the first try took effect: CREATED, with exactly the requested range. */
  static final String LATEST_SAME_RANGE = backfill("CREATED", "2024-01-01", "2024-01-31", "req-latest");

  /** An error envelope of the documented shape with its own request id. */
  static String error(String code, String message, String requestId) {
    return """
        {"meta":{"request_id":"%s"},"error":{"code":"%s","message":"%s"}}"""
        .formatted(requestId, code, message);
  }

  static MockResponse errorResponse(int code, String requestId) {
    return json(code, error(errorCode(code), "HTTP " + code, requestId)).build();
  }

  static String errorCode(int status) {
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 401 -> "ACCESS_TOKEN_INVALID";
      case 403 -> "ACCESS_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "CONFLICT_ERROR";
      case 422 -> "UNPROCESSABLE_ENTITY";
      case 429 -> "TOO_MANY_REQUESTS";
      case 503 -> "SERVICE_UNAVAILABLE";
      default -> "INTERNAL_SERVER_ERROR";
    };
  }

  /** The exception class the contract names for an error status, as for the reads. */
  static Class<? extends ApiException> typeFor(int status) {
    return switch (status) {
      case 401 -> UnauthorizedException.class;
      case 403 -> ForbiddenException.class;
      case 404 -> NotFoundException.class;
      default -> status >= 500 ? ServerException.class : ApiException.class;
    };
  }

  private int taken;

  @Override
  protected RecordedRequest take() throws InterruptedException {
    RecordedRequest request = super.take();
    taken++;
    return request;
  }

  /**
   * "METHOD target" of every request the server recorded that a test has not taken yet, in order. The
   * server records a request before it answers, so once a call has returned they are all there.
   */
  protected List<String> requests() throws InterruptedException {
    List<String> lines = new ArrayList<>();
    while (taken < server.getRequestCount()) {
      RecordedRequest r = take();
      lines.add(r.getMethod() + " " + r.getTarget());
    }
    return lines;
  }

  /** A client for the asynchronous tests: its retries back off by 1 to 5 ms. */
  protected BackfillsClient asyncClient() {
    return track(builder().retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build());
  }

  /** The future's result, waited for 10 s at the most. */
  protected static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }

  /**
   * Creates plain sockets whose first {@code connect} is refused, as a server that is not listening
   * refuses it: that attempt fails before a byte of the request was written. Later connects go through.
   */
  static final class RefuseFirstConnect extends SocketFactory {
    final AtomicInteger connects = new AtomicInteger();

    @Override
    public Socket createSocket() {
      return new Socket() {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
          if (connects.incrementAndGet() == 1) {
            throw new ConnectException("Connection refused (test: first connect)");
          }
          super.connect(endpoint, timeout);
        }
      };
    }

    @Override
    public Socket createSocket(String host, int port) {
      throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
      throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
      throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
      throw new UnsupportedOperationException("OkHttp creates unconnected sockets");
    }

    OkHttpClient httpClient() {
      return new OkHttpClient.Builder().socketFactory(this).build();
    }
  }

  static void shutDown(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
