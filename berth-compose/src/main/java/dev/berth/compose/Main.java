package dev.berth.compose;

import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.client.CannotConnectException;
import dev.berth.cli.client.DaemonException;
import dev.berth.compose.command.ComposeCommand;
import dev.berth.compose.command.ComposeContext;
import dev.berth.compose.command.Commands;
import dev.berth.compose.load.ComposeException;
import dev.berth.compose.load.LoadOptions;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The compose entry point, run three ways: as {@code berth compose ...} (the berth launcher hands
 * over), as the docker CLI plugin ({@code docker-compose docker-cli-plugin-metadata}, then
 * {@code docker-compose compose ...}), and as a standalone {@code docker-compose ...}. Global
 * flags come before the sub-command, as in compose v2.
 */
public final class Main {
  public static final String VERSION = "0.1.0";

  private Main() {}

  public static void main(String[] argv) {
    PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), true,
        StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(Arrays.asList(argv), out, err, System.getenv(), Path.of("").toAbsolutePath(), isTty("1"), isTty("2"));
    out.flush();
    err.flush();
    System.exit(code);
  }

  public static int run(List<String> argv, PrintStream out, PrintStream err, Map<String, String> env, Path cwd,
      boolean ttyOut, boolean ttyErr) {
    List<String> args = new ArrayList<>(argv);
    if (!args.isEmpty() && args.get(0).equals("docker-cli-plugin-metadata")) {
      out.println("{\"SchemaVersion\":\"0.1.0\",\"Vendor\":\"Berth\",\"Version\":\"v" + VERSION
          + "\",\"ShortDescription\":\"Docker Compose on Berth: the compose specification on the Engine API\","
          + "\"URL\":\"https://github.com/berth\"}");
      return 0;
    }
    if (!args.isEmpty() && args.get(0).equals("--aot-training")) {
      return AotTraining.run(out, err);
    }
    List<String> files = new ArrayList<>();
    List<String> envFiles = new ArrayList<>();
    List<String> profiles = new ArrayList<>();
    String project = null;
    String dir = null;
    String host = null;
    int i = 0;
    try {
      for (; i < args.size(); i++) {
        String a = args.get(i);
        String[] kv = a.startsWith("--") && a.contains("=") ? a.split("=", 2) : null;
        String flag = kv != null ? kv[0] : a;
        switch (flag) {
          case "-f", "--file" -> files.add(kv != null ? kv[1] : value(args, ++i, flag));
          case "-p", "--project-name" -> project = kv != null ? kv[1] : value(args, ++i, flag);
          case "--project-directory" -> dir = kv != null ? kv[1] : value(args, ++i, flag);
          case "--env-file" -> envFiles.add(kv != null ? kv[1] : value(args, ++i, flag));
          case "--profile" -> profiles.add(kv != null ? kv[1] : value(args, ++i, flag));
          case "-H", "--host" -> host = kv != null ? kv[1] : value(args, ++i, flag);
          case "compose" -> {
            // berth compose, or the docker CLI running its plugin: the word itself is not the sub-command
            continue;
          }
          case "--ansi", "--progress", "--parallel", "-l", "--log-level", "--config", "-c", "--context" -> {
            if (kv == null) {
              i++;
            }
          }
          case "--compatibility", "--dry-run", "--verbose", "--debug", "-D" -> { }
          case "-v", "--version" -> {
            out.println("Berth Compose version v" + VERSION);
            return 0;
          }
          case "-h", "--help" -> {
            out.print(Commands.overview());
            return 0;
          }
          default -> {
            if (a.startsWith("-p") && a.length() > 2) {
              project = a.substring(2);
            } else if (a.startsWith("-f") && a.length() > 2) {
              files.add(a.substring(2));
            } else if (a.startsWith("-")) {
              throw new UsageException("unknown flag: " + a);
            }
          }
        }
        if (!a.startsWith("-")) {
          break;
        }
      }
    } catch (UsageException e) {
      err.println(e.getMessage());
      return 1;
    }
    if (i >= args.size()) {
      out.print(Commands.overview());
      return 0;
    }
    String word = args.get(i);
    ComposeCommand cmd = Commands.find(word);
    if (cmd == null) {
      err.println("unknown docker command: \"compose " + word + "\"");
      return 1;
    }
    LoadOptions load = new LoadOptions(files, project, dir == null ? null : Path.of(dir), envFiles, profiles, cwd, env, List.of());
    ComposeContext ctx = new ComposeContext(out, err, env, load, host, ttyOut, ttyErr);
    try {
      ParsedArgs parsed = cmd.options().parse(args.subList(i + 1, args.size()));
      if (parsed.help()) {
        out.print("\nUsage:  docker compose " + cmd.usage() + "\n\n" + cmd.description() + "\n\n" + cmd.options().help());
        return 0;
      }
      return cmd.run(ctx, parsed);
    } catch (UsageException e) {
      out.flush();
      err.println(e.getMessage());
      return 1;
    } catch (ComposeException | IllegalArgumentException e) {
      out.flush();
      err.println(e.getMessage());
      return 1;
    } catch (DaemonException e) {
      out.flush();
      err.println("Error response from daemon: " + e.getMessage());
      return 1;
    } catch (CannotConnectException e) {
      out.flush();
      err.println("Cannot connect to the Docker daemon at " + ctx.daemonUri() + ". Is the docker daemon running?");
      return 1;
    } catch (IOException e) {
      out.flush();
      err.println("error during connect: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      return 130;
    } catch (Exception e) {
      out.flush();
      err.println(String.valueOf(e));
      return 1;
    } finally {
      out.flush();
    }
  }

  private static String value(List<String> args, int i, String flag) {
    if (i >= args.size()) {
      throw new UsageException("flag needs an argument: " + flag);
    }
    return args.get(i);
  }

  private static boolean isTty(String fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
