package dev.coffer.crypto;

import dev.coffer.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the body of the JSON crypto calls ({@code /api/v1/keys/**}, {@code /api/v1/random}, {@code
 * /api/v1/hash}) with a 413 problem. A declared Content-Length is checked up front; a chunked body
 * is read up to the limit and refused as soon as it goes past it. The streaming endpoints (paths
 * ending in {@code -stream}) take any size and are left alone.
 */
class CryptoRequestLimitFilter extends OncePerRequestFilter {

  private final long limit;
  private final ProblemWriter problems;

  CryptoRequestLimitFilter(long limit, ProblemWriter problems) {
    this.limit = limit;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean crypto =
        path.equals("/api/v1/keys")
            || path.startsWith("/api/v1/keys/")
            || path.equals("/api/v1/random")
            || path.equals("/api/v1/hash");
    return !crypto || path.endsWith("-stream");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      tooLarge(request, response);
      return;
    }
    if (declared >= 0) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body =
        request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (body.length > limit) {
      tooLarge(request, response);
      return;
    }
    chain.doFilter(new BufferedBody(request, body), response);
  }

  private void tooLarge(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Connection", "close");
    problems.write(
        response,
        HttpStatus.CONTENT_TOO_LARGE,
        "payload-too-large",
        "The request body is larger than the "
            + limit
            + " bytes a JSON crypto call accepts (coffer.crypto.max-request-size). "
            + largerInputs(request.getRequestURI()));
  }

  /** Where an input too large for JSON can go instead: the raw-body stream endpoints. */
  private static String largerInputs(String uri) {
    String operation = uri.substring(uri.lastIndexOf('/') + 1);
    return switch (operation) {
      case "sign", "verify" ->
          "Send a larger message as the raw body of sign-stream (and verify-stream, the signature"
              + " in the Coffer-Signature header); there is no size limit there.";
      case "encrypt", "decrypt" ->
          "Split a batch into smaller ones, or send a larger input as the raw body of"
              + " encrypt-stream and decrypt-stream, which take any size.";
      default -> "Split a batch into smaller ones.";
    };
  }

  /** A request whose body was already read into memory (it is at most the limit). */
  private static final class BufferedBody extends HttpServletRequestWrapper {

    private final byte[] body;

    BufferedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("blocking reads only");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(
          new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
