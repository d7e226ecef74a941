package dev.coffer.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * One size limit for every JSON request body ({@code @RequestBody}), whatever the endpoint: a body
 * over {@code coffer.http.max-json-size} is a 413 before it is parsed. A declared Content-Length is
 * checked up front; a chunked body is read up to the limit and refused as soon as it goes past it,
 * so no more than the limit is ever held. Raw streamed bodies (file uploads, tus, the crypto
 * streams) are read by their handlers, not bound as JSON, and so are not limited here.
 */
@ControllerAdvice
class JsonBodyLimit extends RequestBodyAdviceAdapter {

  private final long limit;

  JsonBodyLimit(HttpLimitsProperties properties) {
    this.limit = properties.maxJsonSize().toBytes();
  }

  @Override
  public boolean supports(
      MethodParameter parameter,
      Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public HttpInputMessage beforeBodyRead(
      HttpInputMessage message,
      MethodParameter parameter,
      Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType)
      throws IOException {
    long declared = message.getHeaders().getContentLength();
    if (declared > limit) {
      throw tooLarge(parameter);
    }
    if (declared >= 0) {
      return message;
    }
    byte[] body = message.getBody().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (body.length > limit) {
      throw tooLarge(parameter);
    }
    return new HttpInputMessage() {
      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body);
      }

      @Override
      public HttpHeaders getHeaders() {
        return message.getHeaders();
      }
    };
  }

  private TooLarge tooLarge(MethodParameter parameter) {
    // the handler method's own hint first, then its controller's
    JsonBodyTooLargeHint hint =
        parameter.getMethod() == null
            ? null
            : AnnotatedElementUtils.findMergedAnnotation(
                parameter.getMethod(), JsonBodyTooLargeHint.class);
    if (hint == null) {
      hint =
          AnnotatedElementUtils.findMergedAnnotation(
              parameter.getContainingClass(), JsonBodyTooLargeHint.class);
    }
    return new TooLarge(
        "The request body is larger than the "
            + limit
            + " bytes a JSON body may have (coffer.http.max-json-size)"
            + (hint == null ? "." : "; " + hint.value()));
  }

  /**
   * The body is over the limit. The connection stays open: what is left of the body is drained at
   * the minimum rate ({@link RequestBodyAdmission}), so the client reads its answer whether it
   * stops sending or not.
   */
  static final class TooLarge extends ApiException {

    TooLarge(String detail) {
      super(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", detail);
    }
  }
}
