package dev.coffer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand: reaches the root command for the shared options, the session and the API. */
abstract class Cmd implements Callable<Integer> {

  @Spec CommandSpec spec;

  Coffer coffer() {
    return (Coffer) spec.root().userObject();
  }

  Api api() {
    return coffer().api();
  }

  @Override
  public final Integer call() throws Exception {
    return run();
  }

  abstract int run() throws Exception;
}
