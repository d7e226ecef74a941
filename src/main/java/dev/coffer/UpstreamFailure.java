package dev.coffer;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A service this one depends on (the object store) failed or did not answer in time. The client may
 * try again: the web layer answers 502 (an error answer) or 503 (no answer in time), never 500. In
 * the root package because storage raises it and the web layer maps it, and neither may know the
 * other.
 */
public class UpstreamFailure extends IOException {

  private final boolean answered;

  /**
   * @param answered true when the service answered with an error, false when it could not be
   *     reached or timed out
   */
  public UpstreamFailure(String message, boolean answered, @Nullable Throwable cause) {
    super(message, cause);
    this.answered = answered;
  }

  /** Whether the service answered (with an error) rather than not at all. */
  public boolean answered() {
    return answered;
  }

  /** The first upstream failure among {@code failure} and its causes, or null. */
  public static @Nullable UpstreamFailure in(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof UpstreamFailure u) {
        return u;
      }
    }
    return null;
  }
}
