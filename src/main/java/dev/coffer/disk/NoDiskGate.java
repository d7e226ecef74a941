package dev.coffer.disk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler (or a controller's every handler) that {@link DiskGate} lets through on a full
 * disk: it stores nothing (a crypto operation), or it checks for room itself and cleans up when
 * there is none (a tus {@code PATCH}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface NoDiskGate {}
