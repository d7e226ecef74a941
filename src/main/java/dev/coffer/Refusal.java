package dev.coffer;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request refused for a reason the caller can act on, raised by services and storage below the
 * web layer. It says what kind of refusal it is and carries a stable machine-readable code and a
 * message safe to show to the caller, but no HTTP status: {@code web.ProblemAdvice} alone turns the
 * {@link Kind} into one. It lives in the root package, which every package may use (web and
 * security too), so storage, services and the web layer share it without depending on each other.
 */
public abstract class Refusal extends RuntimeException {

  /** What kind of refusal: the web layer's one table maps each to a status. */
  public enum Kind {
    /** The request itself is wrong: a path, a header, a parameter (400). */
    INVALID,
    /** There is no such thing, or not for this caller (404). */
    NOT_FOUND,
    /** The method does not apply to this resource (405). */
    NOT_ALLOWED,
    /** The resource's state forbids it: something in the way, a folder with entries (409). */
    CONFLICT,
    /** It existed, but no longer does (410). */
    GONE,
    /** A condition the caller set ({@code If-Match}, {@code If-None-Match}) does not hold (412). */
    PRECONDITION_FAILED,
    /** The content is larger than allowed (413). */
    TOO_LARGE,
    /** The content is of a type this operation does not take (415). */
    UNSUPPORTED_MEDIA_TYPE,
    /** The part of the content asked for lies beyond its end (416). */
    RANGE_NOT_SATISFIABLE,
    /** Someone else is working on it right now (423). */
    LOCKED,
    /** Too much at once from this caller (429). */
    TOO_MANY,
    /** The content did not match the checksum its sender gave for it (tus: 460). */
    CHECKSUM_MISMATCH,
    /** No room: the caller's quota or the server's disk (507). */
    NO_ROOM
  }

  private final Kind kind;
  private final String code;

  protected Refusal(Kind kind, String code, @Nullable String detail) {
    super(detail, null, false, false);
    this.kind = kind;
    this.code = code;
  }

  public Kind kind() {
    return kind;
  }

  /** The stable code of the problem, such as {@code not-found}. */
  public String code() {
    return code;
  }

  /** The title of the problem when its kind has no standard reason phrase; null otherwise. */
  public @Nullable String title() {
    return null;
  }

  /**
   * Headers a protocol requires on every answer, refusals included ({@code Tus-Resumable}); none by
   * default.
   */
  public Map<String, String> headers() {
    return Map.of();
  }
}
