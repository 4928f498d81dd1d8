package dev.berth.cli.command;

import dev.berth.cli.command.container.TerminalCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where {@code save} and {@code export} put a tar: stdout, or the {@code -o} file, written beside
 * it first and renamed so that a failed download never leaves half a file under the real name.
 */
public final class ArchiveOutput {
  private ArchiveOutput() {}

  /** docker's refusal to write binary to a terminal. */
  public static void refuseTerminal(String output) {
    if ((output == null || output.isEmpty()) && TerminalCheck.stdoutIsTerminal()) {
      throw new CliError("Error: cowardly refusing to save to a terminal. Use the -o flag or redirect", 1);
    }
  }

  public static void write(Context ctx, InputStream body, String output) throws IOException {
    if (output == null || output.isEmpty()) {
      body.transferTo(ctx.out());
      ctx.out().flush();
      return;
    }
    Path tmp = Path.of(output + ".berth-tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      body.transferTo(out);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, Path.of(output), StandardCopyOption.REPLACE_EXISTING);
  }
}
