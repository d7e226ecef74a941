package dev.coffer.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Lets a handler that has already sent part of a streamed body say "this response is broken": the
 * connection is then closed without the final zero-length chunk, so every HTTP client reports an
 * error (curl exits 18) instead of a short but seemingly complete body. Throwing would not do: once
 * the response is committed, the error page would be appended to the body and the response ended
 * normally.
 *
 * <p>The servlet API has no call for this; a Tomcat valve ({@link TomcatConfig}) does what Tomcat's
 * own error valve does for a failure after commit: flush, then {@code CLOSE_NOW}.
 */
public final class ConnectionAbort {

  private static final String ATTRIBUTE = ConnectionAbort.class.getName() + ".abort";

  private ConnectionAbort() {}

  /** Marks the request: when the handler returns, the connection is cut. */
  public static void abort(HttpServletRequest request) {
    request.setAttribute(ATTRIBUTE, Boolean.TRUE);
  }

  /** Whether {@link #abort} was called for this request. */
  public static boolean requested(HttpServletRequest request) {
    return request.getAttribute(ATTRIBUTE) != null;
  }

  static final class Valve extends ValveBase {

    Valve() {
      super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
      getNext().invoke(request, response);
      if (requested(request)) {
        try {
          response.flushBuffer();
        } catch (IOException e) {
          // the client is gone already; closing is all that is left
        }
        response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
      }
    }
  }
}
