package dev.coffer.files.storage.s3;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an S3 setting that does not work into a plain message naming it, not a stack trace. */
class S3FailureAnalyzer extends AbstractFailureAnalyzer<S3SettingException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, S3SettingException cause) {
    return new FailureAnalysis(
        "The S3 storage backend cannot start: " + cause.getMessage() + ".",
        "Fix "
            + cause.setting()
            + " (README, \"Files on S3\"), or set coffer.storage.backend=filesystem.",
        cause);
  }
}
