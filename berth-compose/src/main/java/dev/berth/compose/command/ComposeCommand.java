package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;

/** One {@code compose} sub-command: its flags and what it does; returns the exit code. */
public interface ComposeCommand {
  String usage();

  String description();

  Options options();

  int run(ComposeContext ctx, ParsedArgs args) throws Exception;
}
