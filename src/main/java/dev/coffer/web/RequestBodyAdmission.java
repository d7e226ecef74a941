package dev.coffer.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets at most {@code coffer.http.max-concurrent-bodies} requests receive a body at once, and holds
 * each body to {@code coffer.http.min-body-rate}. A request that finds no room is answered at once
 * with a 503 and Retry-After, and its connection closed unread. A slow client therefore holds at
 * most one of a bounded number of places, and loses it when it trickles: bodies can never take
 * every thread (platform threads) or the heap (virtual threads) from ordinary requests.
 *
 * <p>A handler that answers without reading the whole body (a 401, a 413, a 507) still needs the
 * rest drained before the connection can serve a next request. Tomcat would drain it after this
 * filter, outside its place and at whatever pace the client likes; this filter drains it first, at
 * the minimum rate, after sending the answer, so a client that is still sending reads it; a client
 * that waits for {@code 100 Continue} before its body was never asked for it, and is not waited
 * for. For that, a {@code Content-Length} the handler declares before the body has been read is
 * held back until the handler returns ({@link LengthHeldBack}).
 */
final class RequestBodyAdmission extends OncePerRequestFilter {

  static final long RETRY_AFTER_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(RequestBodyAdmission.class);

  private final Semaphore places;
  private final int capacity;
  private final long minBytesPerWindow;
  private final long windowNanos;
  private final ProblemWriter problems;
  private final LongSupplier clock;

  RequestBodyAdmission(HttpLimitsProperties limits, ProblemWriter problems, LongSupplier clock) {
    this.capacity = limits.maxConcurrentBodies();
    this.places = new Semaphore(capacity);
    this.windowNanos = limits.bodyRateWindow().toNanos();
    this.minBytesPerWindow =
        (long) (limits.minBodyRate().toBytes() * (limits.bodyRateWindow().toMillis() / 1000.0));
    this.problems = problems;
    this.clock = clock;
  }

  /** Requests receiving a body now. */
  int inFlight() {
    return capacity - places.availablePermits();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!places.tryAcquire()) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
      problems.write(
          response,
          HttpStatus.SERVICE_UNAVAILABLE,
          "busy",
          "The server is receiving as many request bodies as it takes at once ("
              + capacity
              + ", coffer.http.max-concurrent-bodies); retry after the time in Retry-After.");
      ConnectionAbort.abort(request);
      return;
    }
    try {
      MeteredBody body = new MeteredBody(request);
      LengthHeldBack answer = new LengthHeldBack(response, body);
      chain.doFilter(body, answer);
      answer.declare();
      if (!request.isAsyncStarted()
          && !ConnectionAbort.requested(request)
          && !body.finished()
          && !body.neverAskedFor()) {
        drain(body, request, response);
      }
    } finally {
      places.release();
    }
  }

  /**
   * Sends what the handler wrote so far, then reads and discards the rest of the body. Closing the
   * response first would end it cleanly, but Tomcat then closes the request's input too.
   */
  private static void drain(
      MeteredBody body, HttpServletRequest request, HttpServletResponse response) {
    try {
      response.flushBuffer();
      byte[] sink = new byte[8192];
      InputStream in = body.getInputStream();
      while (in.read(sink) >= 0) {
        // discard: the answer is already on its way
      }
    } catch (IOException e) {
      if (endedEarly(e)) {
        log.debug("Stopped draining an unread request body, the client ended it: {}", e.toString());
      } else {
        log.debug(
            "Stopped draining an unread request body, cutting the connection: {}", e.toString());
        ConnectionAbort.abort(request);
      }
    }
  }

  /**
   * The client sent less than it announced and closed its side: the answer is already out, and
   * aborting now could reset the connection before the client has read it.
   */
  private static boolean endedEarly(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.EOFException) {
        return true;
      }
    }
    return false;
  }

  /** Thrown by a body that arrives slower than the minimum rate. */
  static final class TooSlow extends IOException {
    TooSlow(String message) {
      super(message);
    }
  }

  /**
   * The response, with a {@code Content-Length} the handler declares before the body has been read
   * kept from Tomcat until the handler returns. Tomcat ends a response the moment its declared
   * length has been written (the Servlet specification's closure of the response object), and with
   * it the request's input ({@code Stream closed} on the next read): the rest of the body could no
   * longer be drained, and the connection would be cut under a client still sending it, which then
   * fails with a broken pipe instead of reading the answer (a 401 from the security chain, a 415
   * from a filter: {@link ProblemWriter} always declares the length). Held back, the answer waits
   * in the response buffer and goes out, with its length, when the drain flushes it. An answer
   * larger than the buffer goes out while it is written, chunked.
   */
  private static final class LengthHeldBack extends HttpServletResponseWrapper {

    private final MeteredBody body;
    private long held = -1;

    LengthHeldBack(HttpServletResponse response, MeteredBody body) {
      super(response);
      this.body = body;
    }

    /** Gives Tomcat the held-back length, unless the answer is on its way already. */
    void declare() {
      if (held >= 0 && !isCommitted()) {
        super.setContentLengthLong(held);
      }
      held = -1;
    }

    @Override
    public void setContentLength(int length) {
      setContentLengthLong(length);
    }

    @Override
    public void setContentLengthLong(long length) {
      if (body.readToTheEnd()) {
        held = -1;
        super.setContentLengthLong(length);
      } else {
        held = length;
      }
    }

    @Override
    public void setHeader(String name, String value) {
      if (!holds(name, value)) {
        super.setHeader(name, value);
      }
    }

    @Override
    public void addHeader(String name, String value) {
      if (!holds(name, value)) {
        super.addHeader(name, value);
      }
    }

    @Override
    public void setIntHeader(String name, int value) {
      setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
      addHeader(name, Integer.toString(value));
    }

    @Override
    public void reset() {
      held = -1;
      super.reset();
    }

    /** Whether this header is a Content-Length, now held or given to Tomcat. */
    private boolean holds(String name, @Nullable String value) {
      if (!HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name) || value == null) {
        return false;
      }
      try {
        setContentLengthLong(Long.parseLong(value.trim()));
        return true;
      } catch (NumberFormatException e) {
        return false; // not a length: Tomcat treats it as it would have
      }
    }
  }

  /**
   * The request with its body behind the rate check. The stream is opened only when asked for:
   * opening it early would stop Tomcat from parsing a form body into parameters.
   */
  private final class MeteredBody extends HttpServletRequestWrapper {

    private @Nullable RateCheckedStream in;

    MeteredBody(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (in == null) {
        in = new RateCheckedStream((HttpServletRequest) getRequest(), super.getInputStream());
      }
      return in;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    /**
     * The client expects {@code 100 Continue} before it sends the body, and no one read a byte of
     * it, so Tomcat never told it to go on (it answers on the first read, {@code TomcatConfig}):
     * the body will not come, and Tomcat closes the connection after the answer instead of waiting
     * for it.
     */
    boolean neverAskedFor() {
      return "100-continue".equalsIgnoreCase(getHeader(HttpHeaders.EXPECT))
          && (in == null || !in.started);
    }

    /**
     * Whether the handler has read the whole body through {@link #getInputStream}. Unlike {@link
     * #finished} it never opens the container's stream, so it may be asked while the handler runs.
     */
    boolean readToTheEnd() {
      return in != null && in.isFinished();
    }

    /** Whether the whole body has been read, by the handler or by Tomcat (forms, multipart). */
    boolean finished() throws IOException {
      if (in != null) {
        return in.isFinished();
      }
      try {
        return super.getInputStream().isFinished();
      } catch (IllegalStateException readThroughAReader) {
        return true;
      }
    }
  }

  /**
   * Counts the body's bytes per window and fails a read that closes a window with too few: a
   * trickle is cut at the end of its first short window. A body that stops altogether is cut by
   * Tomcat's body read timeout instead, since no read returns to count it.
   */
  private final class RateCheckedStream extends ServletInputStream {

    private final HttpServletRequest request;
    private final ServletInputStream in;
    private long windowStart;
    private long inWindow;
    private boolean started;
    private boolean finished;

    RateCheckedStream(HttpServletRequest request, ServletInputStream in) {
      this.request = request;
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (!started) {
        started = true;
        windowStart = clock.getAsLong();
      }
      int n = in.read(b, off, len);
      if (n < 0) {
        finished = true;
        return n;
      }
      inWindow += n;
      long now = clock.getAsLong();
      if (now - windowStart >= windowNanos) {
        if (inWindow < minBytesPerWindow) {
          ConnectionAbort.abort(request);
          throw new TooSlow("the request body arrives slower than the minimum rate");
        }
        windowStart = now;
        inWindow = 0;
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    /** Leaves the container's stream open: what a handler left unread is drained after it. */
    @Override
    public void close() {}

    @Override
    public boolean isFinished() {
      return finished || in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
