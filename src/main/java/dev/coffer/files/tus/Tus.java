package dev.coffer.files.tus;

/** The tus 1.0.0 protocol's header names and fixed values, in one place. */
final class Tus {

  static final String VERSION = "1.0.0";
  static final String RESUMABLE = "Tus-Resumable";
  static final String SUPPORTED_VERSIONS = "Tus-Version";
  static final String EXTENSIONS = "Tus-Extension";
  static final String SUPPORTED_EXTENSIONS =
      "creation,creation-with-upload,termination,checksum,expiration";
  static final String MAX_SIZE = "Tus-Max-Size";
  static final String CHECKSUM_ALGORITHMS = "Tus-Checksum-Algorithm";
  static final String UPLOAD_OFFSET = "Upload-Offset";
  static final String UPLOAD_LENGTH = "Upload-Length";
  static final String UPLOAD_DEFER_LENGTH = "Upload-Defer-Length";
  static final String UPLOAD_METADATA = "Upload-Metadata";
  static final String UPLOAD_EXPIRES = "Upload-Expires";
  static final String UPLOAD_CHECKSUM = "Upload-Checksum";
  static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";
  static final String CONTENT_TYPE = "application/offset+octet-stream";

  /** Not in {@code HttpStatus}: the checksum extension's "Checksum Mismatch". */
  static final int CHECKSUM_MISMATCH = 460;

  private Tus() {}
}
