/**
 * An embedded fake of the backfills API for tests: {@link dev.backfills.testing.FakeBackfillsServer}
 * serves all five operations over real HTTP on the loopback interface, {@link
 * dev.backfills.testing.FakeBackfill} scripts how each backfill progresses, and {@link
 * dev.backfills.testing.ManualClock} lets a test move time by hand, for the server and, through {@link
 * dev.backfills.testing.FakeBackfillsServer#clientBuilder()}, for the client. Null arguments are refused
 * with {@link NullPointerException} throughout.
 *
 * <pre>{@code
 * class ReportJobTest {
 *   private final ManualClock clock = new ManualClock(Instant.parse("2024-02-01T09:00:00Z"));
 *   private final FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock).build();
 *   private final BackfillsClient client = server.clientBuilder().build();
 *
 *   @AfterEach
 *   void stop() {
 *     client.close();
 *     server.close();
 *   }
 *
 *   @Test
 *   void seesRunsFinishOneAMinute() {
 *     Backfill added = server.addBackfill(FakeBackfillsServer.DEFAULT_TEAM_ID,
 *         FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31))
 *             .runDuration(Duration.ofMinutes(1))
 *             .build());
 *     clock.advance(Duration.ofMinutes(10));
 *
 *     Backfill seen = client.getBackfill(FakeBackfillsServer.DEFAULT_TEAM_ID, added.transferBackfillId());
 *
 *     assertThat(seen.transferRunsCompleted()).isEqualTo(10);
 *     assertThat(seen).isEqualTo(server.backfill(1, added.transferBackfillId()).orElseThrow());
 *   }
 * }
 * }</pre>
 *
 * <h2>How a request is answered</h2>
 *
 * <p>The first check that fails decides the answer:
 *
 * <ol>
 *   <li>a path that is none of the operations': 404 {@code NOT_FOUND}; a method the path does not allow:
 *       405 {@code METHOD_NOT_ALLOWED} with {@code Allow} (the list and the latest take GET, a backfill GET
 *       and PATCH, a transfer's backfills POST); an id that is not an integer from 1 to 2^63-1: 400;
 *   <li>no {@code Authorization: Bearer <token>} with a granted token: 401 {@code ACCESS_TOKEN_INVALID}
 *       with {@code WWW-Authenticate: Bearer};
 *   <li>the token's hourly budget spent: 429 {@code TOO_MANY_REQUESTS} with {@code Retry-After}, which
 *       does not count against the budget; otherwise the request uses one unit of it. Every client that
 *       sends the same token shares its budget;
 *   <li>a failure injected with {@code failNext}, {@code failNextRateLimited} or {@code randomFaults},
 *       before anything is read or written;
 *   <li>a write (POST, PATCH) with a token granted read-only (scope {@code dwh_transfers_read} only), or
 *       any request for a team not granted to the token: 403 {@code ACCESS_DENIED};
 *   <li>a write whose body is not the documented JSON object sent as {@code application/json}, dates
 *       that are not {@code YYYY-MM-DD} days of the calendar, or a {@code range_start} after
 *       {@code range_end}: 400 {@code BAD_REQUEST}, the description naming the problem. The vendor
 *       describes 400 as invalid parameters and 422 as a valid request that cannot be applied; a range
 *       that ends before it starts is an invalid parameter, whatever the server holds, so it is 400;
 *   <li>a backfill that is not the team's, a transfer that is not the team's
 *       ({@code FakeBackfillsServer.addTransfer}, or the plan of an added backfill, gives a team a
 *       transfer), or a transfer without any backfill for {@code latest}: 404 {@code NOT_FOUND};
 *   <li>a create whose range overlaps (ends inclusive) an active backfill of the transfer, or a cancel of
 *       a backfill that is COMPLETED or CANCELLED: 422 {@code UNPROCESSABLE_ENTITY}, whose message says
 *       which. Active means CREATED, SCHEDULED or RUNNING: a FAILED backfill has ended its processing
 *       (its {@code end_time} is set), so it does not block a new range over the same days, the way to
 *       re-run what failed; it can still be cancelled;
 *   <li>otherwise 200 with the backfill; with the team's incomplete backfills (CREATED, SCHEDULED,
 *       RUNNING, FAILED), newest first, at most 100; with a new backfill, CREATED, whose
 *       {@code created_user_id} is the caller's user and whose progress then follows the server's
 *       {@code createdBackfillPlan}; with the transfer's most recently created backfill, any status; or
 *       with the cancelled backfill: CANCELLED, runs frozen, {@code end_time} and {@code removed_time}
 *       the moment of the request, {@code removed_user_id} the caller's user;
 *   <li>last, for a write only: a lost answer injected with {@code loseNextAnswers} replaces the answer,
 *       whatever it was, with a 500 JSON error, a 502 HTML page, or no answer at all; what the request
 *       did stays done.
 * </ol>
 *
 * <p>Every API answer has {@code Content-Type: application/json}, {@code Access-Control-Allow-Origin: *},
 * a {@code Content-Length} and a body with a unique {@code meta.request_id}.
 *
 * <h2>Rate-limit headers</h2>
 *
 * <p>The vendor's API description declares {@code X-RateLimit-Limit} and {@code X-RateLimit-Remaining}
 * on the 400, 401, 422, 429 and 500 answers only, not on 200, 403 or 404. The fake does the same by
 * default ({@link dev.backfills.testing.RateLimitHeaders#AS_DOCUMENTED}, 5xx counted like 500), so a
 * client tested against it cannot come to depend on headers the real service does not promise; {@link
 * dev.backfills.testing.RateLimitHeaders#ON_EVERY_ANSWER} puts them on every answer after the
 * authentication check, for code that learns the budget from successes. The default budget is 10,000
 * requests per hour per token, the largest limit the vendor documents, so that a test is never
 * rate-limited by surprise; a test of the 429 path sets a small one.
 *
 * <h2>How time moves</h2>
 *
 * <p>A server's clock drives backfill progress and the rate-limit windows. On a {@link
 * dev.backfills.testing.ManualClock}, a client built from {@code clientBuilder()} waits on the same clock:
 * each wait (a poll interval, a retry backoff, a {@code Retry-After}, the cool-down after a 429) moves
 * the clock forward to the instant the wait began plus its duration, at once, and returns. So:
 *
 * <ul>
 *   <li>an {@code awaitBackfill} over an hour of fake time, or a {@code watchTeam} over many backfills,
 *       takes milliseconds, with the same requests, pacing and events as in real time;
 *   <li>the test may still {@code advance} or {@code set} the clock; waits only ever move it forward,
 *       never back. When a watch thread and the test thread wait at once, the clock ends at the later of
 *       the two ends; no wait returns before its whole duration has passed on the clock, though another
 *       thread's wait may carry the clock past its end;
 *   <li>the client's deadlines (the timeout of {@code awaitBackfill}, say) count the clock's forward
 *       moves only: a test that sets the clock back does not extend or shorten them;
 *   <li>a thread interrupted during a wait gets {@code InterruptedException}, as from a real sleep;
 *   <li>OkHttp's own timeouts (connect, read, call) stay in real time.
 * </ul>
 *
 * <h2>Why it ships in the main jar</h2>
 *
 * <p>The test kit is a package of the client's jar rather than a separate artifact: the library stays a
 * single module and a single dependency, with nothing to keep in step. Nothing of it is loaded unless a
 * test uses it, and it needs nothing but {@code java.base} and jackson-core, which the client depends on
 * anyway: its HTTP server is its own, on {@link java.net.ServerSocket}, so an application's module graph
 * needs no {@code jdk.httpserver}.
 */
@NullMarked
package dev.backfills.testing;

import org.jspecify.annotations.NullMarked;
