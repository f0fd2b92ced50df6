package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backfills.exception.ApiException;
import dev.backfills.exception.ForbiddenException;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.ServerException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.model.ApiError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Error answers become the documented exception, with status, parsed error and request id. */
class ErrorMappingTest extends ServerTest {

  private BackfillsClient noRetries() {
    return track(builder().maxRetries(0).build());
  }

  // --- the shape with a description (get-backfill-by-id.txt) ---

  @Test
  void documented401WithDescriptionIsUnauthorizedException() {
    enqueue(401, Bodies.withDescription("ACCESS_TOKEN_INVALID", "Invalid Access Token",
        "Provided access token is either missing, invalid or expired."));

    UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class, () -> noRetries().getBackfill(1, 2));

    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(e.error()).isEqualTo(new ApiError("ACCESS_TOKEN_INVALID", "Invalid Access Token",
        "Provided access token is either missing, invalid or expired."));
    assertThat(e.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
  }

  @Test
  void documented403IsForbiddenException() {
    enqueue(403, Bodies.GET_403);

    ForbiddenException e = catchThrowableOfType(ForbiddenException.class, () -> noRetries().getBackfill(1, 2));

    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.error()).isEqualTo(new ApiError("ACCESS_DENIED", "Access Denied",
        "You do not have permission to perform this operation."));
    assertThat(e.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
  }

  @Test
  void documented404IsNotFoundException() {
    enqueue(404, Bodies.GET_404);

    NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> noRetries().getBackfill(1, 2));

    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.error()).isEqualTo(new ApiError("NOT_FOUND", "Not Found",
        "The requested backfill could not be found or you do not have access to it."));
    assertThat(e.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
  }

  @Test
  void documented429WithDescriptionIsRateLimitException() {
    enqueue(429, Bodies.withDescription("TOO_MANY_REQUESTS", "Too Many Requests", "Slow down."));

    RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> noRetries().getBackfill(1, 2));

    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.error()).isEqualTo(new ApiError("TOO_MANY_REQUESTS", "Too Many Requests", "Slow down."));
    assertThat(e.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    assertThat(e.retryAfter()).isEmpty();
  }

  @Test
  void documented500WithDescriptionIsServerException() {
    enqueue(500, Bodies.withDescription("INTERNAL_SERVER_ERROR", "Internal Server Error", "Try later."));

    ServerException e = catchThrowableOfType(ServerException.class, () -> noRetries().getBackfill(1, 2));

    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.error()).isEqualTo(new ApiError("INTERNAL_SERVER_ERROR", "Internal Server Error", "Try later."));
    assertThat(e.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
  }

  // --- the shape without a description (list-incomplete-backfills.txt) ---

  @Test
  void documented401WithoutDescriptionIsUnauthorizedExceptionWithNullDescription() {
    enqueue(401, Bodies.LIST_401);

    UnauthorizedException e =
        catchThrowableOfType(UnauthorizedException.class, () -> noRetries().listIncompleteBackfills(1));

    assertThat(e.statusCode()).isEqualTo(401);
    assertThat(e.error()).isEqualTo(new ApiError("UNAUTHORIZED", "Authentication is required.", null));
    assertThat(e.requestId()).isEqualTo(Bodies.LIST_ERROR_REQUEST_ID);
  }

  @Test
  void documented403WithoutDescriptionIsForbiddenException() {
    enqueue(403, Bodies.LIST_403);

    ForbiddenException e = catchThrowableOfType(ForbiddenException.class, () -> noRetries().listIncompleteBackfills(1));

    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.error()).isEqualTo(new ApiError("FORBIDDEN", "You do not have access to this resource.", null));
    assertThat(e.requestId()).isEqualTo(Bodies.LIST_ERROR_REQUEST_ID);
  }

  @Test
  void notFoundWithoutDescriptionIsNotFoundException() {
    enqueue(404, Bodies.withoutDescription("NOT_FOUND", "Not Found"));

    NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> noRetries().getBackfill(1, 2));

    assertThat(e.error()).isEqualTo(new ApiError("NOT_FOUND", "Not Found", null));
    assertThat(e.requestId()).isEqualTo(Bodies.LIST_ERROR_REQUEST_ID);
  }

  @Test
  void documented429WithoutDescriptionIsRateLimitException() {
    enqueue(429, Bodies.LIST_429);

    RateLimitException e =
        catchThrowableOfType(RateLimitException.class, () -> noRetries().listIncompleteBackfills(1));

    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.error()).isEqualTo(new ApiError("TOO_MANY_REQUESTS", "Rate limit exceeded. Retry later.", null));
    assertThat(e.requestId()).isEqualTo(Bodies.LIST_ERROR_REQUEST_ID);
  }

  @Test
  void documented500WithoutDescriptionIsServerException() {
    enqueue(500, Bodies.LIST_500);

    ServerException e = catchThrowableOfType(ServerException.class, () -> noRetries().listIncompleteBackfills(1));

    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.error()).isEqualTo(new ApiError("INTERNAL_SERVER_ERROR", "An unexpected error occurred.", null));
    assertThat(e.requestId()).isEqualTo(Bodies.LIST_ERROR_REQUEST_ID);
  }

  @Test
  void messageNamesStatusCodeAndRequestId() {
    enqueue(404, Bodies.GET_404);

    NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> noRetries().getBackfill(1, 2));

    assertThat(e.getMessage()).contains("404", "NOT_FOUND", Bodies.DOC_REQUEST_ID);
  }

  // --- other statuses and bodies ---

  @ParameterizedTest
  @ValueSource(ints = {400, 409, 422, 418})
  void otherClientErrorsArePlainApiException(int status) {
    enqueue(status, Bodies.withoutDescription("BAD_REQUEST", "Bad request"));

    ApiException e = catchThrowableOfType(ApiException.class, () -> client().getBackfill(1, 2));

    assertThat(e.getClass()).isEqualTo(ApiException.class);
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.error().code()).isEqualTo("BAD_REQUEST");
    assertThat(e.requestId()).isEqualTo(Bodies.LIST_ERROR_REQUEST_ID);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {501, 502, 503, 504, 599})
  void everyFiveHundredStatusIsServerException(int status) {
    enqueue(status, Bodies.LIST_500);

    ServerException e = catchThrowableOfType(ServerException.class, () -> noRetries().getBackfill(1, 2));

    assertThat(e.statusCode()).isEqualTo(status);
  }

  @Test
  void htmlBadGatewayIsServerExceptionWithoutErrorAndAShortSanitizedSnippet() {
    String html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\n\t<center><h1>502 Bad Gateway</h1>"
        + "</center>\n" + "x".repeat(5000) + "\n</body>\n</html>\n";
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(502)
        .addHeader("Content-Type", "text/html").body(html).build());

    ServerException e = catchThrowableOfType(ServerException.class, () -> noRetries().getBackfill(1, 2));

    assertThat(e.statusCode()).isEqualTo(502);
    assertThat(e.error()).isNull();
    assertThat(e.requestId()).isNull();
    assertThat(e.getMessage())
        .contains("502 Bad Gateway")
        .doesNotContain("\n", "\r", "\t")
        .hasSizeLessThan(400);
  }

  @Test
  void emptyErrorBodyGivesNullErrorAndSaysSo() {
    server.enqueue(new mockwebserver3.MockResponse.Builder().code(503).build());

    ServerException e = catchThrowableOfType(ServerException.class, () -> noRetries().getBackfill(1, 2));

    assertThat(e.error()).isNull();
    assertThat(e.getMessage()).contains("503", "empty body");
  }

  @Test
  void controlCharactersFromTheBodyNeverReachTheMessage() {
    enqueue(400, "bad\u0000request\u001b[31m\u0007 text");

    ApiException e = catchThrowableOfType(ApiException.class, () -> client().getBackfill(1, 2));

    assertThat(e.getMessage()).doesNotContain("\u0000", "\u001b", "\u0007").contains("bad");
  }

  @Test
  void errorBodyThatIsAJsonArrayGivesNullErrorAndRequestId() {
    enqueue(400, "[{\"meta\":{\"request_id\":\"x\"}}]");

    ApiException e = catchThrowableOfType(ApiException.class, () -> client().getBackfill(1, 2));

    assertThat(e.error()).isNull();
    assertThat(e.requestId()).isNull();
    assertThat(e.getMessage()).contains("not a JSON error");
  }

  @Test
  void errorBodyOfJsonNullGivesNullError() {
    enqueue(400, "null");

    ApiException e = catchThrowableOfType(ApiException.class, () -> client().getBackfill(1, 2));

    assertThat(e.error()).isNull();
  }

  @Test
  void requestIdIsCarriedWhenTheErrorObjectIsNotAnObject() {
    enqueue(400, "{\"meta\":{\"request_id\":\"rid-7\"},\"error\":\"something broke\"}");

    ApiException e = catchThrowableOfType(ApiException.class, () -> client().getBackfill(1, 2));

    assertThat(e.error()).isNull();
    assertThat(e.requestId()).isEqualTo("rid-7");
  }

  @Test
  void requestIdIsCarriedWhenTheBodyIsCutShortAfterMeta() {
    enqueue(500, "{\"meta\":{\"request_id\":\"rid-8\"},\"error\":{\"code\":\"INTER");

    ServerException e = catchThrowableOfType(ServerException.class, () -> noRetries().getBackfill(1, 2));

    assertThat(e.requestId()).isEqualTo("rid-8");
  }

  @Test
  void requestIdIsCarriedWhenMetaComesAfterTheError() {
    enqueue(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Not Found\",\"extra\":{\"a\":[1,2]}},"
        + "\"meta\":{\"request_id\":\"rid-9\",\"trace\":{}}}");

    NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> client().getBackfill(1, 2));

    assertThat(e.error()).isEqualTo(new ApiError("NOT_FOUND", "Not Found", null));
    assertThat(e.requestId()).isEqualTo("rid-9");
  }

  @Test
  void errorFieldsOfTheWrongTypeAreNull() {
    enqueue(409, "{\"meta\":{\"request_id\":\"r\"},\"error\":{\"code\":42,\"message\":{\"x\":1},\"description\":null}}");

    ApiException e = catchThrowableOfType(ApiException.class, () -> client().getBackfill(1, 2));

    assertThat(e.error()).isEqualTo(new ApiError(null, null, null));
    assertThat(e.requestId()).isEqualTo("r");
  }

  @Test
  void errorBodyEchoingTheTokenIsRedactedFromTheMessage() {
    enqueue(401, Bodies.withDescription("ACCESS_TOKEN_INVALID", "Invalid Access Token " + TOKEN,
        "Authorization: Bearer " + TOKEN));

    UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class, () -> client().getBackfill(1, 2));

    assertThat(e.getMessage()).doesNotContain(TOKEN);
    assertThat(e.toString()).doesNotContain(TOKEN);
  }

  @Test
  void nonJsonBodyEchoingTheTokenIsRedactedFromTheMessage() {
    enqueue(400, "<html>you sent Authorization: Bearer " + TOKEN + "</html>");

    ApiException e = catchThrowableOfType(ApiException.class, () -> client().getBackfill(1, 2));

    assertThat(e.getMessage()).doesNotContain(TOKEN);
  }

  @Test
  void tokenEchoedAtTheSnippetCutIsNotLeakedInPart() {
    // The snippet of a non-JSON body is cut at a fixed length; a token straddling the cut must not
    // leave its first half in the message.
    String padding = "p".repeat(140);
    enqueue(400, padding + " token=" + TOKEN + " and more text after it");

    ApiException e = catchThrowableOfType(ApiException.class, () -> client().getBackfill(1, 2));

    assertThat(e.getMessage()).doesNotContain(TOKEN.substring(0, 8));
  }

  @Test
  void longTokenEchoedAsTheRequestIdIsNotLeakedInPart() {
    String longToken = "eyJhbGciOiJSUzI1NiJ9." + "a".repeat(120) + ".sig";
    enqueue(403, "{\"meta\":{\"request_id\":\"" + longToken + "\"},\"error\":{\"code\":\"FORBIDDEN\"}}");
    BackfillsClient client = track(BackfillsClient.builder()
        .token(longToken).baseUrl(baseUrl("/v1")).timeSource(time).build());

    ForbiddenException e = catchThrowableOfType(ForbiddenException.class, () -> client.getBackfill(1, 2));

    assertThat(e.getMessage()).doesNotContain("eyJhbGciOiJSUzI1NiJ9");
  }

  @Test
  void longTokenEchoedAsTheRequestIdOfAMalformedSuccessIsNotLeakedInPart() {
    String longToken = "eyJhbGciOiJSUzI1NiJ9." + "a".repeat(120) + ".sig";
    enqueue(200, "{\"meta\":{\"request_id\":\"" + longToken + "\"},\"data\":null}");
    BackfillsClient client = track(BackfillsClient.builder()
        .token(longToken).baseUrl(baseUrl("/v1")).timeSource(time).build());

    Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> client.getBackfill(1, 2));

    assertThat(e).isInstanceOf(dev.backfills.exception.MalformedResponseException.class);
    assertThat(e.getMessage()).doesNotContain("eyJhbGciOiJSUzI1NiJ9");
  }

  @Test
  void tokenFromAProviderIsRedactedFromErrorMessages() {
    enqueue(401, Bodies.withoutDescription("ACCESS_TOKEN_INVALID", "bad token rotating-abc123"));
    BackfillsClient client = track(BackfillsClient.builder()
        .tokenProvider(() -> "rotating-abc123").baseUrl(baseUrl("/v1")).timeSource(time).build());

    UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class, () -> client.getBackfill(1, 2));

    assertThat(e.getMessage()).doesNotContain("rotating-abc123");
  }
}
