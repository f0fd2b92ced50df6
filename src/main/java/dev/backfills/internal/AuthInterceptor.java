package dev.backfills.internal;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Adds {@code Authorization: Bearer …} to each request.
 *
 * <p>Installed as an <em>application</em> interceptor on purpose: it runs once per call, before OkHttp
 * follows redirects, and OkHttp strips the header from any redirect that leaves the original host. A
 * token provider is asked on every call, so rotating tokens take effect at once; a provider that fails
 * or hands out an unusable token stops the call before anything is sent.
 */
public final class AuthInterceptor implements Interceptor {
  private final @Nullable Supplier<String> tokens;
  private final @Nullable String fixedHeader;

  private AuthInterceptor(@Nullable Supplier<String> tokens, @Nullable String fixedHeader) {
    this.tokens = tokens;
    this.fixedHeader = fixedHeader;
  }

  /** For a token fixed at build time, already validated: the header value is built once. */
  public static AuthInterceptor fixed(String token) {
    return new AuthInterceptor(null, "Bearer " + token);
  }

  /** For a provider asked on every request. */
  public static AuthInterceptor provided(Supplier<String> tokens) {
    return new AuthInterceptor(tokens, null);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    okhttp3.Request request = chain.request();
    String fixed = fixedHeader;
    if (fixed != null) {
      return chain.proceed(request.newBuilder().header("Authorization", fixed).build());
    }
    String token = currentToken();
    UsedToken used = request.tag(UsedToken.class);
    if (used != null) {
      used.value = token;
    }
    return chain.proceed(request.newBuilder().header("Authorization", "Bearer " + token).build());
  }

  private String currentToken() throws TokenUnavailable {
    String token;
    try {
      token = Objects.requireNonNull(tokens, "tokens").get();
    } catch (RuntimeException e) {
      // The documented failure is IllegalStateException; the provider's own exception is its cause.
      throw new TokenUnavailable(new IllegalStateException("the token provider failed; nothing was sent", e));
    }
    if (token == null || !Texts.isValidToken(token)) {
      throw new TokenUnavailable(
          new IllegalStateException(
              "the token provider returned "
                  + (token == null ? "null" : token.isBlank() ? "a blank token" : "a token with characters"
                      + " outside visible ASCII (spaces, control characters or non-ASCII)")
                  + "; nothing was sent"));
    }
    return token;
  }

  /**
   * Carries a token provider's failure through OkHttp, which only lets {@link IOException}s out of
   * interceptors cleanly; the transport unwraps it and rethrows the cause as is, without retrying.
   */
  public static final class TokenUnavailable extends IOException {
    private static final long serialVersionUID = 1L;

    TokenUnavailable(RuntimeException cause) {
      super("no usable token", cause);
    }

    /** The {@link IllegalStateException} describing the bad token or wrapping the provider's exception. */
    public RuntimeException failure() {
      return (RuntimeException) Objects.requireNonNull(getCause());
    }
  }
}
