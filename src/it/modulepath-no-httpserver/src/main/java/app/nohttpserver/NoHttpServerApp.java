package app.nohttpserver;

import dev.backfills.BackfillsClient;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.module.ModuleDescriptor;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A production application in miniature: the client and nothing of its test kit. It reads one backfill
 * over real HTTP from a canned answer that a ServerSocket of its own sends, and checks what the module
 * system resolved. Any surprise is an exception, so the JVM exits non-zero and the check fails.
 */
public final class NoHttpServerApp {
  private static final String BODY = "{\"meta\":{\"request_id\":\"it-0001\"},\"data\":{"
      + "\"transfer_backfill_id\":12345,\"transfer_id\":456789,"
      + "\"range_start_date\":\"2024-01-01\",\"range_end_date\":\"2024-01-31\","
      + "\"created_time\":\"2024-02-01T09:00:00Z\",\"created_user_id\":789,"
      + "\"start_time\":\"2024-02-01T10:00:00Z\",\"end_time\":null,\"status\":\"RUNNING\","
      + "\"transfer_runs_total\":31,\"transfer_runs_created\":31,\"transfer_runs_completed\":25,"
      + "\"transfer_runs_failed\":2,\"error_report\":[]}}";

  private NoHttpServerApp() {}

  public static void main(String[] args) throws Exception {
    ModuleLayer boot = ModuleLayer.boot();
    check(boot.findModule("jdk.httpserver").isEmpty(), "jdk.httpserver is in the boot layer");
    Module library = BackfillsClient.class.getModule();
    check("dev.backfills.client".equals(library.getName()), "the library is not the named module: " + library);
    ModuleDescriptor descriptor = library.getDescriptor();
    check(descriptor.requires().stream().noneMatch(r -> r.name().equals("jdk.httpserver")),
        "dev.backfills.client requires jdk.httpserver: " + descriptor.requires());

    AtomicReference<String> requestLine = new AtomicReference<>();
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
      Thread server = new Thread(() -> answerOnce(listener, requestLine), "canned-answer");
      server.setDaemon(true);
      server.start();

      Backfill read;
      try (BackfillsClient client = BackfillsClient.builder()
          .baseUrl("http://127.0.0.1:" + listener.getLocalPort() + "/v1")
          .token("it-token")
          .maxRetries(0)
          .build()) {
        read = client.getBackfill(1, 12345);
      }
      server.join(10_000);

      check("GET /v1/teams/1/backfills/12345 HTTP/1.1".equals(requestLine.get()), "request line " + requestLine.get());
      check(read.transferBackfillId() == 12345 && read.status() == BackfillStatus.RUNNING
              && LocalDate.of(2024, 1, 31).equals(read.rangeEndDate())
              && Instant.parse("2024-02-01T09:00:00Z").equals(read.createdTime())
              && read.transferRunsCompleted() == 25, "getBackfill decoded " + read);
      System.out.println("consumer-ok module-path without jdk.httpserver: boot layer has "
          + boot.modules().size() + " modules, read backfill " + read.transferBackfillId() + " " + read.status());
    }
  }

  /** Accepts one connection, reads the request head, sends the canned answer and closes. */
  private static void answerOnce(ServerSocket listener, AtomicReference<String> requestLine) {
    try (Socket socket = listener.accept()) {
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.write(b);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      requestLine.set(text.substring(0, text.indexOf("\r\n")));
      byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException("the canned server failed", e);
    }
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("consumer check failed: " + what);
    }
  }
}
