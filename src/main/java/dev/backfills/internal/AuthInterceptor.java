package dev.backfills.internal;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Adds {@code Authorization: Bearer …} to each request.
 *
 * <p>A token provider is asked on every attempt, so rotating tokens take effect at once; a provider
 * that fails or hands out an unusable token stops the attempt before anything is sent. A provider asked
 * under a deadline runs on a helper thread, so that a provider that blocks (a vault that does not
 * answer) cannot hold the call past its deadline.
 */
public final class AuthInterceptor implements Interceptor {
  private final @Nullable Supplier<String> tokens;
  private final @Nullable String fixedHeader;
  private volatile @Nullable ExecutorService askers;

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
    Request request = chain.request();
    String fixed = fixedHeader;
    if (fixed != null) {
      return chain.proceed(request.newBuilder().header("Authorization", fixed).build());
    }
    AttemptTag tag = request.tag(AttemptTag.class);
    String token = currentToken(tag);
    if (tag != null) {
      tag.token = token;
    }
    return chain.proceed(request.newBuilder().header("Authorization", "Bearer " + token).build());
  }

  /** Stops the helper threads; for client close. */
  public void close() {
    ExecutorService running = askers;
    if (running != null) {
      running.shutdownNow();
    }
  }

  private String currentToken(@Nullable AttemptTag tag) throws TokenUnavailable {
    Supplier<String> provider = Objects.requireNonNull(tokens, "tokens");
    String token;
    try {
      token = tag == null || !tag.deadline.isFinite() ? provider.get() : askWithin(provider, tag);
    } catch (RuntimeException e) {
      // The documented failure is IllegalStateException; the provider's own exception is its cause.
      throw new TokenUnavailable(new IllegalStateException("the token provider failed; nothing was sent", e), false);
    }
    if (token == null || !Texts.isValidToken(token)) {
      throw new TokenUnavailable(
          new IllegalStateException(
              "the token provider returned "
                  + (token == null ? "null" : token.isBlank() ? "a blank token" : "a token with characters"
                      + " outside visible ASCII (spaces, control characters or non-ASCII)")
                  + "; nothing was sent"), false);
    }
    return token;
  }

  private String askWithin(Supplier<String> provider, AttemptTag tag) throws TokenUnavailable {
    CompletableFuture<String> answer = CompletableFuture.supplyAsync(provider, askers());
    try {
      return answer.get(tag.deadline.remainingNanos(tag.time), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new TokenUnavailable(new IllegalStateException(
          "the token provider did not answer within the " + tag.deadline + "; nothing was sent", e), true);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.cancel(true);
      throw new TokenUnavailable(new IllegalStateException("interrupted while asking the token provider", e), false);
    }
  }

  private ExecutorService askers() {
    ExecutorService e = askers;
    if (e == null) {
      synchronized (this) {
        e = askers;
        if (e == null) {
          askers = e = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "backfills-token-provider");
            t.setDaemon(true);
            return t;
          });
        }
      }
    }
    return e;
  }

  /**
   * Carries a token provider's failure through OkHttp, which only lets {@link IOException}s out of
   * interceptors cleanly; the transport unwraps it and fails the call with the cause, without retrying.
   */
  public static final class TokenUnavailable extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean deadlineReached;

    TokenUnavailable(RuntimeException cause, boolean deadlineReached) {
      super("no usable token", cause);
      this.deadlineReached = deadlineReached;
    }

    /** The {@link IllegalStateException} describing the bad token or wrapping the provider's exception. */
    public RuntimeException failure() {
      return (RuntimeException) Objects.requireNonNull(getCause());
    }

    /** Whether the provider did not answer before the call's deadline. */
    public boolean deadlineReached() {
      return deadlineReached;
    }
  }
}
