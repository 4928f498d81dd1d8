package dev.berth.cli.command;

import dev.berth.cli.args.Options;

/**
 * A command's usage line, one-line description, flags and positional-argument bounds.
 * {@code runStyle} marks run/create, whose errors docker prefixes with the program name and
 * exits 125.
 */
public record Spec(String usage, String description, Options options, int minArgs, int maxArgs, boolean runStyle) {
  public static final int ANY = Integer.MAX_VALUE;

  public Spec(String usage, String description, Options options, int minArgs, int maxArgs) {
    this(usage, description, options, minArgs, maxArgs, false);
  }
}
