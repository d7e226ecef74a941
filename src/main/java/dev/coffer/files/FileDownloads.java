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
   * The answer to a download of an open file: its status, then (the write function) its headers and
   * bytes. Refusals are thrown here, before the answer starts, so that they reach the advice as
   * they are (Spring wraps what a write function throws). The write function closes the file; an
   * answer without one (304) has closed it already.
   *
   * <p>The headers are set on the servlet response by the write function rather than carried by the
   * {@link ServerResponse}: Spring would copy them into the response and then evaluate the
   * conditional request a second time from them (parsing back the {@code Last-Modified} it has just
   * written, with a new date parser for each request), which on a 4 KiB download cost a third of
   * the handler's time. The conditions are evaluated once, here, before anything is sent.
   */
  private ServerResponse answer(String user, OpenFile file, HttpServletRequest request)
      throws IOException {
    FileInfo info = file.info();
    String etag = HttpConditions.quoted(info.etag());
    long lastModified = info.modified().toEpochMilli() / 1000 * 1000;
    // If-None-Match (weak comparison, "*" too), else If-Modified-Since, as RFC 9110 orders them.
    if (new ServletWebRequest(request).checkNotModified(etag, lastModified)) {
      file.close();
      return ServerResponse.status(HttpStatus.NOT_MODIFIED)
          .build(
              (req, res) -> {
                validators(res, etag, lastModified);
                return null;
              });
    }
    ByteRange range = null;
    if (rangeApplies(request, info.etag(), lastModified)) {
      try {
        range = HttpConditions.range(request.getHeader(HttpHeaders.RANGE), info.size());
      } catch (HttpConditions.Unsatisfiable e) {
        throw new RangeRefused(info.size());
      }
    }
    ByteRange body = range == null ? ByteRange.all(info.size()) : range;
    boolean partial = range != null;
    return ServerResponse.status(partial ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK)
        .build(
            (req, res) -> {
              try (file) {
                validators(res, etag, lastModified);
                representation(res, info, body, partial);
                if (!"HEAD".equals(req.getMethod())) {
                  send(user, file, body, req, res);
                }
              }
              return null;
            });
  }

  /** The validators and caching headers, which a 304 carries too. */
  private static void validators(HttpServletResponse response, String etag, long lastModified) {
    response.setHeader(HttpHeaders.ETAG, etag);
    response.setDateHeader(HttpHeaders.LAST_MODIFIED, lastModified);
    response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
  }

  /** What the body is: an attachment of this name and type, its digest, the range sent. */
  private static void representation(
      HttpServletResponse response, FileInfo info, ByteRange body, boolean partial) {
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, HttpConditions.attachment(info.name()));
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Content-Security-Policy", "sandbox");
    if (info.sha256() != null) {
      response.setHeader("Repr-Digest", HttpConditions.reprDigest(info.sha256()));
    }
    response.setContentType(
        MediaTypeFactory.getMediaType(info.name())
            .orElse(MediaType.APPLICATION_OCTET_STREAM)
            .toString());
    if (partial) {
      response.setHeader(
          HttpHeaders.CONTENT_RANGE,
          "bytes " + body.start() + "-" + body.end() + "/" + info.size());
    }
    response.setContentLengthLong(body.length());
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
