package dev.coffer.crypto;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a master-key mismatch at start-up into a plain message instead of a stack trace. */
class MasterKeyFailureAnalyzer extends AbstractFailureAnalyzer<MasterKeyMismatchException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MasterKeyMismatchException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Set COFFER_MASTER_KEY (or restore <storage>/master.key) to the master key this database"
            + " was first started with.",
        cause);
  }
}
