package dev.coffer.web;

import java.io.IOException;
import org.springframework.http.HttpStatus;

/**
 * A service this one depends on (the object store) failed or did not answer in time. The client may
 * try again: it is answered 502 (an error answer) or 503 (no answer in time), never 500.
 */
public class UpstreamFailure extends IOException {

  private final boolean answered;

  /**
   * @param answered true when the service answered with an error (502), false when it could not be
   *     reached or timed out (503)
   */
  public UpstreamFailure(String message, boolean answered, Throwable cause) {
    super(message, cause);
    this.answered = answered;
  }

  public HttpStatus status() {
    return answered ? HttpStatus.BAD_GATEWAY : HttpStatus.SERVICE_UNAVAILABLE;
  }

  /** The first upstream failure among {@code failure} and its causes, or null. */
  public static UpstreamFailure in(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof UpstreamFailure u) {
        return u;
      }
    }
    return null;
  }
}
