package dev.coffer.files;

import static org.springframework.web.servlet.function.RequestPredicates.GET;
import static org.springframework.web.servlet.function.RequestPredicates.HEAD;

import dev.coffer.Refusal;
import dev.coffer.files.storage.ByteRange;
import dev.coffer.files.storage.FileInfo;
import dev.coffer.files.storage.OpenFile;
import dev.coffer.files.storage.StoragePath;
import dev.coffer.security.CofferPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Downloads ({@code GET} and {@code HEAD} of {@code /api/v1/files/**}), the hot path, as a
 * functional endpoint. Spring MVC asks its router functions (order -1) before the annotated
 * mappings, and this one predicate settles a download without the annotated lookup, which tests
 * every mapping in turn against a path that is not a literal. Other methods on the same paths fall
 * through to {@link FilesController}. Errors go to the shared advice like any handler's.
 */
@Configuration
class FileDownloads {

  private static final String FILES = FilesController.PREFIX + "/**";

  /** Response buffer of large streamed downloads, so writes reach the socket layer unsplit. */
  private static final int WRITE_SLICE = 64 * 1024;

  static {
    // The operation documents its responses; ServerResponse itself is no schema.
    SpringDocUtils.getConfig().addResponseTypeToIgnore(ServerResponse.class);
  }

  private final FileService files;

  FileDownloads(FileService files) {
    this.files = files;
  }

  @Bean
  @RouterOperation(
      path = FILES,
      method = RequestMethod.GET,
      beanClass = FileDownloads.class,
      beanMethod = "download")
  RouterFunction<ServerResponse> fileDownloadRoute() {
    return RouterFunctions.route(GET(FILES).or(HEAD(FILES)), this::download);
  }

  @Operation(
      operationId = "downloadFile",
      tags = "Files",
      summary = "Download a file; supports Range, If-None-Match, If-Range; HEAD too",
      description =
          "The bytes of {path} as an attachment, with ETag, Last-Modified, Repr-Digest,"
              + " Accept-Ranges, nosniff and a sandbox CSP. A single Range gives 206 (416 when"
              + " unsatisfiable); If-None-Match gives 304; a folder is a 400.",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "the file",
            content =
                @Content(
                    mediaType = "application/octet-stream",
                    schema = @Schema(type = "string", format = "binary"))),
        @ApiResponse(
            responseCode = "206",
            description = "the requested range",
            content =
                @Content(
                    mediaType = "application/octet-stream",
                    schema = @Schema(type = "string", format = "binary"))),
        @ApiResponse(responseCode = "304", description = "not modified"),
        @ApiResponse(responseCode = "416", description = "range not satisfiable")
      })
  @Tag(name = "Files")
  ServerResponse download(ServerRequest request) throws IOException {
    HttpServletRequest servlet = request.servletRequest();
    StoragePath path = StoragePaths.after(servlet, FilesController.PREFIX);
    String user = user();
    OpenFile file = files.open(user, path);
    try {
      return answer(user, file, servlet);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /**
   * The answer to a download of an open file: its status and headers, then (the write function) its
   * bytes. Refusals are thrown here, before the answer starts, so that they reach the advice as
   * they are (Spring wraps what a write function throws). The write function closes the file; an
   * answer without one (304) has closed it already.
   */
  private ServerResponse answer(String user, OpenFile file, HttpServletRequest request)
      throws IOException {
    FileInfo info = file.info();
    String etag = HttpConditions.quoted(info.etag());
    long lastModified = info.modified().toEpochMilli() / 1000 * 1000;
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.ETAG, etag);
    headers.setLastModified(lastModified);
    headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
    headers.set(HttpHeaders.CACHE_CONTROL, "private, no-cache");
    // If-None-Match (weak comparison, "*" too), else If-Modified-Since, as RFC 9110 orders them.
    if (new ServletWebRequest(request).checkNotModified(etag, lastModified)) {
      file.close();
      return ServerResponse.status(HttpStatus.NOT_MODIFIED).headers(h -> h.addAll(headers)).build();
    }
    ByteRange range = null;
    if (rangeApplies(request, info.etag(), lastModified)) {
      try {
        range = HttpConditions.range(request.getHeader(HttpHeaders.RANGE), info.size());
      } catch (HttpConditions.Unsatisfiable e) {
        throw new RangeRefused(info.size());
      }
    }
    headers.set(HttpHeaders.CONTENT_DISPOSITION, HttpConditions.attachment(info.name()));
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Content-Security-Policy", "sandbox");
    if (info.sha256() != null) {
      headers.set("Repr-Digest", HttpConditions.reprDigest(info.sha256()));
    }
    headers.setContentType(
        MediaTypeFactory.getMediaType(info.name()).orElse(MediaType.APPLICATION_OCTET_STREAM));
    HttpStatus status = HttpStatus.OK;
    if (range == null) {
      range = ByteRange.all(info.size());
    } else {
      status = HttpStatus.PARTIAL_CONTENT;
      headers.set(
          HttpHeaders.CONTENT_RANGE,
          "bytes " + range.start() + "-" + range.end() + "/" + info.size());
    }
    headers.setContentLength(range.length());
    ByteRange body = range;
    return ServerResponse.status(status)
        .headers(h -> h.addAll(headers))
        .build(
            (req, res) -> {
              try (file) {
                if (!"HEAD".equals(req.getMethod())) {
                  send(user, file, body, req, res);
                }
              }
              return null;
            });
  }

  /** The signed-in user, as {@code @AuthenticationPrincipal} finds it for the controllers. */
  private static String user() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !(auth.getPrincipal() instanceof CofferPrincipal me)) {
      throw new IllegalStateException("a download without a signed-in user");
    }
    return me.username();
  }

  /** Sends the bytes: by Tomcat's sendfile when it can, else through the response. */
  private void send(
      String user,
      OpenFile file,
      ByteRange range,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    if (files.handOff(
        user, file, range, (name, start, end) -> sendfile(request, name, start, end))) {
      return;
    }
    if (range.length() > WRITE_SLICE) {
      response.setBufferSize(WRITE_SLICE);
    }
    files.send(user, file, range, new ResponseChannel(response.getOutputStream()));
  }

  /** A range wholly past the end: 416, with the size the client should have asked within. */
  private static final class RangeRefused extends Refusal {
    private final long size;

    RangeRefused(long size) {
      super(
          Kind.RANGE_NOT_SATISFIABLE,
          "range-not-satisfiable",
          "The range lies beyond the end of the file (" + size + " bytes).");
      this.size = size;
    }

    @Override
    public Map<String, String> headers() {
      return Map.of(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
    }
  }

  /** Tomcat's sendfile: the container opens the file and sends the region once we return. */
  private static boolean sendfile(HttpServletRequest request, String name, long start, long end) {
    if (!Boolean.TRUE.equals(request.getAttribute("org.apache.tomcat.sendfile.support"))) {
      return false;
    }
    request.setAttribute("org.apache.tomcat.sendfile.filename", name);
    request.setAttribute("org.apache.tomcat.sendfile.start", start);
    request.setAttribute("org.apache.tomcat.sendfile.end", end);
    return true;
  }

  /** {@code If-Range}: the range applies only to the version it names (Spring has no check). */
  private static boolean rangeApplies(HttpServletRequest request, String etag, long lastModified) {
    String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
    return ifRange == null
        || HttpConditions.ifRangeHolds(
            ifRange, dateHeader(request, HttpHeaders.IF_RANGE), etag, lastModified);
  }

  private static long dateHeader(HttpServletRequest request, String name) {
    try {
      return request.getDateHeader(name);
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }
}
