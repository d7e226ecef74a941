package dev.coffer.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UrlPathHelper;
import org.springframework.web.util.pattern.PathPattern;

class PrefixFilteringHandlerMappingTest {

  private static final StaticWebApplicationContext CONTROLLERS = controllers();
  private static final RequestMappingHandlerMapping SPRING =
      init(new RequestMappingHandlerMapping());
  private static final PrefixFilteringHandlerMapping FILTERING =
      init(new PrefixFilteringHandlerMapping());

  @ParameterizedTest
  @CsvSource({
    "/api/v1/files/**, /api/v1/files",
    "/api/v1/keys/{name}/encrypt-stream, /api/v1/keys",
    "/api/v1/keys/{name}, /api/v1/keys",
    "/api/v1/me, /api/v1/me",
    "/api/v1/dirs/, /api/v1/dirs",
    "/api/v1/fi*s, /api/v1",
    "/a?c, ''",
    "/{name}, ''",
    "/**, ''",
    "/, ''",
    "'', ''"
  })
  void literalPrefixWhenPatternThenTheWholeSegmentsBeforeAnyWildcard(
      String pattern, String prefix) {
    assertThat(PrefixFilteringHandlerMapping.literalPrefix(pattern)).isEqualTo(prefix);
  }

  @ParameterizedTest
  @CsvSource({
    "/api/v1/dirs, /api/v1/dirs/**, /api/v1/dirs",
    "/api/v1/files/x, /api/v1/files/**, /api/v1/files",
    "/a/bc, /a/bd, /a",
    "/a, /ab, ''",
    "/a/b, /{x}, ''"
  })
  void literalPrefixWhenSeveralPatternsThenTheWholeSegmentsTheyShare(
      String first, String second, String prefix) {
    RequestMappingInfo info =
        RequestMappingInfo.paths(first, second)
            .options(FILTERING.getBuilderConfiguration())
            .build();
    assertThat(PrefixFilteringHandlerMapping.literalPrefix(info)).isEqualTo(prefix);
  }

  /** Method, path, content type, accept; and the handler the fast path picks, or "-" for none. */
  @ParameterizedTest(name = "{0} {1} content-type={2} accept={3}")
  @CsvSource(
      nullValues = "''",
      value = {
        "GET, /api/v1/files/small.bin, '', '', download",
        "GET, /api/v1/files, '', '', download",
        "GET, /api/v1/files/, '', '', download",
        "GET, /api/v1/files/a/b/c.txt, '', application/json, download",
        "HEAD, /api/v1/files/small.bin, '', '', download",
        "PUT, /api/v1/files/a.bin, application/octet-stream, '', upload",
        "POST, /api/v1/files/a, multipart/form-data; boundary=x, '', uploadForm",
        "POST, /api/v1/files/a, text/plain, '', -",
        "PATCH, /api/v1/files/a, '', '', -",
        "DELETE, /api/v1/files/a, '', '', delete",
        "OPTIONS, /api/v1/files/a, '', '', -",
        "GET, /api/v1/files/latest.bin, '', '', -",
        "GET, /api/v1/files;v=1/a.bin, '', '', download",
        "GET, /api/v1/files%2Fx/a, '', '', -",
        "GET, /api/v1/files/a%20b.bin, '', '', -",
        "GET, /api/v1/files/docs%2Freport.pdf, '', '', -",
        "PUT, /api/v1/files/docs%2fa.bin, application/octet-stream, '', -",
        "GET, /api/v1/dirs/a%2Fb, '', '', -",
        "GET, /api/v1/me%2Fpassword, '', '', -",
        "GET, /api/v1/fil%65system/x, '', '', -",
        "GET, /api/v1/filesystem/x, '', '', filesystem",
        "GET, /api/v1/filesystem/y, '', '', -",
        "GET, /api/v1/filesx/a, '', '', -",
        "GET, /api/v1/file, '', '', -",
        "GET, /API/V1/FILES/a, '', '', -",
        "GET, //api/v1/files/a, '', '', -",
        "GET, /api/v1/keys/k1, '', '', -",
        "GET, /api/v1/keys/k1, '', application/json, key",
        "GET, /api/v1/keys/k1, '', text/plain, -",
        "GET, /api/v1/keys/k1, '', not a media type, key",
        "GET, /api/v1/keys/export, '', application/json, -",
        "POST, /api/v1/keys/k1/encrypt-stream, application/octet-stream, application/octet-stream,"
            + " encryptStream",
        "POST, /api/v1/keys/k1/encrypt-stream, text/plain, '', -",
        "POST, /api/v1/keys/k1/encrypt-stream, application/octet-stream, application/json, -",
        "GET, /api/v1/keys/k1/encrypt-stream, '', '', -",
        "GET, /api/v1/dirs, '', '', listDir",
        "GET, /api/v1/dirs/a/b, '', '', listDir",
        "POST, /api/v1/dirs/a, '', '', makeDir",
        "DELETE, /api/v1/dirs, '', '', -",
        "GET, /api/v1/dirsx, '', '', -",
        "OPTIONS, /api/v1/uploads, '', '', uploadOptions",
        "HEAD, /api/v1/uploads/u1, '', '', uploadHead",
        "PATCH, /api/v1/uploads/u1, application/offset+octet-stream, '', uploadPatch",
        "PATCH, /api/v1/uploads/u1, application/octet-stream, '', -",
        "GET, /api/v1/uploads/u1, '', '', -",
        "GET, /index.html, '', '', page",
        "GET, /api/v1/index.html, '', '', -",
        "GET, /error, '', '', error",
        "GET, /error, '', application/json, error",
        "POST, /error, '', '', error",
        "GET, /api/v1/me, '', '', me",
        "GET, /api/v1/me/, '', '', -",
        "PUT, /api/v1/me/password, application/json, '', password",
        "GET, /api/v1/me/password, '', '', -",
        "GET, /, '', '', -"
      })
  void getHandlerWhenAnyRequestThenTheSameHandlerAttributesAndErrorsAsSpring(
      String method, String path, String contentType, String accept, String fastHandler)
      throws Exception {
    assertThat(outcome(FILTERING, request(method, path, contentType, accept)))
        .isEqualTo(outcome(SPRING, request(method, path, contentType, accept)));

    MockHttpServletRequest request = request(method, path, contentType, accept);
    HandlerMethod single = FILTERING.lookupSingleMatch(lookupPath(request), request);
    assertThat(single == null ? "-" : single.getMethod().getName()).isEqualTo(fastHandler);
  }

  @Test
  void getHandlerWhenCorsPreFlightThenLeftToSpring() throws Exception {
    MockHttpServletRequest request = preFlight();
    assertThat(FILTERING.lookupSingleMatch(lookupPath(request), request)).isNull();
    assertThat(outcome(FILTERING, preFlight())).isEqualTo(outcome(SPRING, preFlight()));
  }

  @Test
  void getHandlerWhenMappingsChangeAfterFirstLookupThenTheIndexFollows() throws Exception {
    RequestMappingHandlerMapping spring = init(new RequestMappingHandlerMapping());
    PrefixFilteringHandlerMapping filtering = init(new PrefixFilteringHandlerMapping());
    assertThat(handlerName(filtering, "/api/v1/files/special")).isEqualTo("download");

    Method special = Extra.class.getDeclaredMethod("special");
    for (RequestMappingHandlerMapping mapping :
        new RequestMappingHandlerMapping[] {spring, filtering}) {
      mapping.registerMapping(specialInfo(mapping), new Extra(), special);
    }
    assertThat(handlerName(filtering, "/api/v1/files/special")).isEqualTo("special");
    assertThat(outcome(filtering, request("GET", "/api/v1/files/special", null, null)))
        .isEqualTo(outcome(spring, request("GET", "/api/v1/files/special", null, null)));

    for (RequestMappingHandlerMapping mapping :
        new RequestMappingHandlerMapping[] {spring, filtering}) {
      mapping.unregisterMapping(specialInfo(mapping));
    }
    assertThat(handlerName(filtering, "/api/v1/files/special")).isEqualTo("download");
    MockHttpServletRequest request = request("GET", "/api/v1/files/special", null, null);
    assertThat(filtering.lookupSingleMatch(lookupPath(request), request)).isNotNull();
  }

  private static RequestMappingInfo specialInfo(RequestMappingHandlerMapping mapping) {
    return RequestMappingInfo.paths("/api/v1/files/special")
        .methods(RequestMethod.GET)
        .options(mapping.getBuilderConfiguration())
        .build();
  }

  private static String handlerName(RequestMappingHandlerMapping mapping, String path)
      throws Exception {
    HandlerExecutionChain chain = mapping.getHandler(request("GET", path, null, null));
    return ((HandlerMethod) chain.getHandler()).getMethod().getName();
  }

  private static MockHttpServletRequest preFlight() {
    MockHttpServletRequest request = request("OPTIONS", "/api/v1/files/a", null, null);
    request.addHeader("Origin", "https://elsewhere.example");
    request.addHeader("Access-Control-Request-Method", "GET");
    return request;
  }

  private static MockHttpServletRequest request(
      String method, String path, String contentType, String accept) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    if (contentType != null) {
      request.setContentType(contentType);
    }
    if (accept != null) {
      request.addHeader("Accept", accept);
    }
    return request;
  }

  /** The lookup path Spring derives from the request, as in {@code initLookupPath}. */
  private static String lookupPath(HttpServletRequest request) {
    String path = ServletRequestPathUtils.parseAndCache(request).pathWithinApplication().value();
    return UrlPathHelper.defaultInstance.removeSemicolonContent(path);
  }

  /** The handler and the request attributes the lookup leaves, or the error it throws. */
  private static Object outcome(RequestMappingHandlerMapping mapping, HttpServletRequest request) {
    try {
      HandlerExecutionChain chain = mapping.getHandler(request);
      Map<String, String> outcome = new TreeMap<>();
      outcome.put("handler", chain == null ? "none" : describe(chain.getHandler()));
      for (String name : Collections.list(request.getAttributeNames())) {
        outcome.put(name, describe(request.getAttribute(name)));
      }
      return outcome;
    } catch (Exception e) {
      String details = e instanceof ErrorResponse error ? " " + error.getHeaders() : "";
      return e.getClass().getName() + ": " + e.getMessage() + details;
    }
  }

  private static String describe(Object value) {
    if (value instanceof HandlerMethod handlerMethod) {
      return handlerMethod.getMethod().toString();
    }
    if (value == null
        || value instanceof PathPattern
        || value.getClass().getName().startsWith("java.")) {
      return String.valueOf(value);
    }
    return value.getClass().getName();
  }

  private static StaticWebApplicationContext controllers() {
    StaticWebApplicationContext context = new StaticWebApplicationContext();
    context.setServletContext(new MockServletContext());
    for (Class<?> type :
        new Class<?>[] {
          Files.class,
          Filesystem.class,
          Dirs.class,
          Keys.class,
          Uploads.class,
          Pages.class,
          Errors.class,
          Me.class
        }) {
      context.registerSingleton(type.getSimpleName(), type);
    }
    context.refresh();
    return context;
  }

  private static <M extends RequestMappingHandlerMapping> M init(M mapping) {
    mapping.setApplicationContext(CONTROLLERS);
    mapping.afterPropertiesSet();
    return mapping;
  }

  @RestController
  static class Files {
    @GetMapping("/api/v1/files/**")
    void download() {}

    @PutMapping("/api/v1/files/**")
    void upload() {}

    @PostMapping(path = "/api/v1/files/**", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    void uploadForm() {}

    @DeleteMapping("/api/v1/files/**")
    void delete() {}
  }

  @RestController
  static class Filesystem {
    @GetMapping("/api/v1/filesystem/x")
    void filesystem() {}
  }

  @RestController
  static class Dirs {
    @GetMapping({"/api/v1/dirs", "/api/v1/dirs/**"})
    void listDir() {}

    @PostMapping({"/api/v1/dirs", "/api/v1/dirs/**"})
    void makeDir() {}
  }

  @RestController
  static class Keys {
    @GetMapping("/api/v1/keys/{name}")
    void key() {}

    @GetMapping(path = "/api/v1/keys/{name}", produces = MediaType.TEXT_PLAIN_VALUE)
    void keyAsText() {}

    @GetMapping("/api/v1/keys/export")
    void exportAll() {}

    @PostMapping(
        path = "/api/v1/keys/{name}/encrypt-stream",
        consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE,
        produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    void encryptStream() {}
  }

  @RestController
  static class Uploads {
    @RequestMapping(path = "/api/v1/uploads", method = RequestMethod.OPTIONS)
    void uploadOptions() {}

    @RequestMapping(path = "/api/v1/uploads/{id}", method = RequestMethod.HEAD)
    void uploadHead() {}

    @PatchMapping(path = "/api/v1/uploads/{id}", consumes = "application/offset+octet-stream")
    void uploadPatch() {}
  }

  /** Mappings with no literal prefix, tested on every lookup. */
  @RestController
  static class Pages {
    @GetMapping("/{page}.html")
    void page() {}

    @GetMapping("/{area}/v1/files/latest.bin")
    void latest() {}
  }

  @RestController
  static class Errors {
    @RequestMapping(
        path = "/error",
        produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    void error() {}
  }

  @RestController
  static class Me {
    @GetMapping("/api/v1/me")
    void me() {}

    @PutMapping("/api/v1/me/password")
    void password() {}
  }

  static class Extra {
    void special() {}
  }
}
