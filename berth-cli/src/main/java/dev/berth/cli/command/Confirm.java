package dev.berth.cli.command;

import java.io.IOException;

/** docker's prune prompt: {@code Are you sure you want to continue? [y/N]}, read from stdin. */
public final class Confirm {
  private Confirm() {}

  public static boolean ask(Context ctx, String warning) throws IOException {
    boolean yes = yes(ctx, warning);
    if (!yes) {
      ctx.out().println("Total reclaimed space: 0B");
    }
    return yes;
  }

  /** The prompt alone, printing nothing more on "no" (network prune reclaims no space to report). */
  public static boolean yes(Context ctx, String warning) throws IOException {
    ctx.out().print(warning + "\nAre you sure you want to continue? [y/N] ");
    ctx.out().flush();
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = ctx.in().read()) >= 0 && c != '\n') {
      sb.append((char) c);
    }
    String a = sb.toString().trim();
    return a.equalsIgnoreCase("y") || a.equalsIgnoreCase("yes");
  }
}
