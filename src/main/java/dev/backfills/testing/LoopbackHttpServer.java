package dev.backfills.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake's HTTP/1.1 server: sockets in, {@link ApiRequest}s to a {@link Handler}, {@link ApiAnswer}s
 * out. It is deliberately small, built on {@link ServerSocket} so that the test kit needs nothing of the
 * JDK beyond {@code java.base}.
 *
 * <ul>
 *   <li>Listens on 127.0.0.1 only, on a free port.
 *   <li>One thread per connection, from a pool of at most {@link #MAX_CONNECTIONS} daemon threads; a
 *       connection beyond that is closed at once. Connections are kept alive between requests (HTTP/1.1
 *       default, or {@code Connection: keep-alive} on 1.0) until the client closes them, asks for
 *       {@code Connection: close}, or leaves them idle for {@link #IDLE_TIMEOUT_MILLIS}.
 *   <li>Every accepted socket has {@code TCP_NODELAY}: without it, Nagle's algorithm and the client's
 *       delayed ACKs hold small answers back by tens of milliseconds on loopback.
 *   <li>{@link #close()} stops accepting, closes every connection (which ends requests in flight, and
 *       interrupts handlers that wait), and waits for the threads to end; the port is then free.
 * </ul>
 */
final class LoopbackHttpServer implements AutoCloseable {
  static final int MAX_CONNECTIONS = 256;
  static final int IDLE_TIMEOUT_MILLIS = 30_000;
  /** How long a closing connection waits for the client to finish sending, so the answer is not reset. */
  private static final int LINGER_MILLIS = 1_000;
  private static final AtomicInteger SERVER_NUMBERS = new AtomicInteger();

  /** Decides the answers. Called on connection threads, concurrently. */
  interface Handler {
    /**
     * The answer to a request that was read in full.
     *
     * @throws InterruptedException when the server is closing while the handler waits; the connection is
     *     then closed without an answer
     */
    ApiAnswer answer(ApiRequest request) throws InterruptedException;

    /** The answer to bytes that were not a request the server accepts (see {@link HttpWire}). */
    ApiAnswer refuse(HttpWire.Malformed problem);
  }

  private final Handler handler;
  private final ServerSocket listener;
  private final ThreadPoolExecutor connections;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  // Every connection thread not yet seen dead, so that close() can wait for each to end.
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Binds 127.0.0.1 on a free port and starts accepting.
   *
   * @param name prefix of the threads' names
   * @throws UncheckedIOException if no port can be bound
   */
  LoopbackHttpServer(Handler handler, String name) {
    this.handler = handler;
    int number = SERVER_NUMBERS.incrementAndGet();
    try {
      this.listener = new ServerSocket(0, 64, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a server socket to 127.0.0.1", e);
    }
    AtomicInteger threadNumbers = new AtomicInteger();
    this.connections = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 5, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> {
          threads.removeIf(t -> !t.isAlive());
          Thread t = daemon(r, name + "-" + number + "-" + threadNumbers.incrementAndGet());
          threads.add(t);
          return t;
        });
    this.acceptor = daemon(this::acceptLoop, name + "-" + number + "-acceptor");
    acceptor.start();
  }

  /** The port bound on 127.0.0.1. */
  int port() {
    return listener.getLocalPort();
  }

  /** The address bound: 127.0.0.1. */
  InetAddress address() {
    return listener.getInetAddress();
  }

  /** Idempotent; see the class documentation. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(listener);
    for (Socket s : open) {
      closeQuietly(s);
    }
    connections.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    try {
      acceptor.join(5_000);
      for (Thread t : threads) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** What every accepted socket is set to; a method of its own so a test can check it. */
  static void configure(Socket socket) throws SocketException {
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue; // a connection that failed while being accepted; the next one may be fine
      }
      open.add(socket);
      try {
        if (closed) {
          throw new RejectedExecutionException("closing");
        }
        configure(socket);
        connections.execute(() -> serve(socket));
      } catch (IOException | RejectedExecutionException busyOrClosing) {
        open.remove(socket);
        closeQuietly(socket);
      }
    }
  }

  /** Answers requests on one connection until it ends. */
  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
      while (!closed) {
        HttpWire.Incoming incoming;
        try {
          incoming = HttpWire.read(in, out);
        } catch (HttpWire.Malformed problem) {
          HttpWire.write(out, handler.refuse(problem), "HEAD".equals(problem.method), true);
          linger(socket, in);
          return;
        }
        if (incoming == null) {
          return;
        }
        ApiAnswer answer;
        try {
          answer = handler.answer(incoming.request);
        } catch (InterruptedException closing) {
          return;
        }
        if (answer.dropped()) {
          return;
        }
        boolean keepAlive = incoming.keepAlive && !closed;
        HttpWire.write(out, answer, incoming.isHead(), !keepAlive);
        if (!keepAlive) {
          linger(socket, in);
          return;
        }
      }
    } catch (IOException | RuntimeException gone) {
      // The client went away, timed out, or the server is closing: nothing left to tell anyone.
    } finally {
      open.remove(socket);
    }
  }

  /**
   * Ends a connection gently: no more output, then reads what the client still sends until it closes
   * too (or a second passes). Closing with unread input would reset the connection, and the client could
   * lose the answer just written.
   */
  private static void linger(Socket socket, InputStream in) throws IOException {
    socket.shutdownOutput();
    socket.setSoTimeout(LINGER_MILLIS);
    byte[] sink = new byte[8192];
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
    while (System.nanoTime() - deadline < 0 && in.read(sink) >= 0) {
      // discard
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    // A test that forgets close() must not keep the JVM alive through these threads.
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
