package dev.coffer.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a client should do instead when its JSON body is over {@code coffer.http.max-json-size}: put
 * on a handler method or a controller (the method's wins), the sentence ends the 413 detail.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface JsonBodyTooLargeHint {
  String value();
}
