package dev.berth.cli.command;

import dev.berth.cli.args.ParsedArgs;

/** One CLI command: its declared shape and what it does; returns the process exit code. */
public interface Command {
  Spec spec();

  int run(Context ctx, ParsedArgs args) throws Exception;
}
