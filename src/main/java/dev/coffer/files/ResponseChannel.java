package dev.coffer.files;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A servlet response body as a channel. Buffers go to the container whole (Servlet 6.1's {@code
 * write(ByteBuffer)}), so a memory-mapped file region reaches the socket without a copy through the
 * heap. Failures are the client's: they surface as {@link ClientGoneException}.
 */
final class ResponseChannel implements WritableByteChannel {

  private final ServletOutputStream out;
  private boolean open = true;

  ResponseChannel(ServletOutputStream out) {
    this.out = out;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = src.remaining();
    try {
      if (src.hasArray()) {
        // A heap buffer goes in as its array: the ByteBuffer write of the filters' response
        // wrappers would copy it into a new array first.
        out.write(src.array(), src.arrayOffset() + src.position(), n);
      } else {
        out.write(src);
      }
    } catch (IOException e) {
      throw new ClientGoneException(e);
    }
    src.position(src.limit());
    return n;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
