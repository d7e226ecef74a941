package dev.coffer.disk;

import dev.coffer.web.ApiException;
import org.springframework.http.HttpStatus;

/** A request refused because the disk is (nearly) full: 507, the same code as a full storage. */
public class DiskFullException extends ApiException {

  public DiskFullException() {
    super(
        HttpStatus.INSUFFICIENT_STORAGE,
        "storage-full",
        "The server's disk is full; nothing can be stored until space is freed.");
  }
}
