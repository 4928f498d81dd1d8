package dev.berth.cli;

import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.client.CannotConnectException;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.CommandRegistry;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.command.system.AotTraining;
import dev.berth.cli.command.system.VersionCommand;
import dev.berth.cli.format.TemplateException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code berth} entry point: global options, command lookup, and docker's error reporting and
 * exit codes (125 for flag errors and for run/create failures, 1 for other command errors).
 */
public final class Main {
  private Main() {}

  public static void main(String[] argv) {
    PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false,
        StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(Arrays.asList(argv), out, err, System.in, System.getenv());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line; separated from {@link #main} for tests and AOT training. */
  public static int run(List<String> argv, PrintStream out, PrintStream err, java.io.InputStream in, Map<String, String> env) {
    String host = null;
    int i = 0;
    for (; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("-H") || a.equals("--host")) {
        if (i + 1 >= argv.size()) {
          err.println("flag needs an argument: " + (a.equals("-H") ? "'H' in -H" : "--host"));
          return 125;
        }
        host = argv.get(++i);
      } else if (a.startsWith("--host=")) {
        host = a.substring("--host=".length());
      } else if (a.startsWith("-H") && a.length() > 2) {
        host = a.substring(2);
      } else if (a.equals("--aot-training")) {
        return AotTraining.run(out);
      } else if (a.equals("-D") || a.equals("--debug") || a.equals("--tls") || a.equals("--tlsverify")) {
        continue;
      } else if (a.equals("-l") || a.equals("--log-level") || a.equals("--config") || a.equals("-c") || a.equals("--context")
          || a.equals("--tlscacert") || a.equals("--tlscert") || a.equals("--tlskey")) {
        i++;
      } else if (a.startsWith("--log-level=") || a.startsWith("--config=") || a.startsWith("--context=")) {
        continue;
      } else if (a.equals("-v") || a.equals("--version")) {
        out.println("Berth version " + VersionCommand.CLIENT_VERSION + ", build " + VersionCommand.GIT_COMMIT);
        return 0;
      } else if (a.equals("-h") || a.equals("--help")) {
        out.print(CommandRegistry.OVERVIEW);
        return 0;
      } else if (a.startsWith("-")) {
        err.println("unknown flag: " + a);
        err.println("See 'berth --help'.");
        return 125;
      } else {
        break;
      }
    }
    if (i >= argv.size()) {
      out.print(CommandRegistry.OVERVIEW);
      return 0;
    }
    String word = argv.get(i++);
    if (word.equals("compose")) {
      return ComposeLauncher.run(argv.subList(i, argv.size()), host, err);
    }
    String path = word;
    if (word.equals("scan") && i < argv.size() && argv.get(i).equals("db")) {
      // "scan IMAGE" scans; "scan db update|status" manages the advisory database
      path = i + 1 < argv.size() ? "scan db " + argv.get(i + 1) : "scan db";
      i = Math.min(argv.size(), i + 2);
    } else if (CommandRegistry.isGroup(word)) {
      if (i >= argv.size() || argv.get(i).equals("--help") || argv.get(i).equals("-h")) {
        out.print(CommandRegistry.groupHelp(word));
        return 0;
      }
      path = word + " " + argv.get(i++);
    }
    Command cmd = CommandRegistry.find(path);
    if (cmd == null) {
      if (CommandRegistry.isGroup(word)) {
        err.println("berth: unknown command: berth " + path);
        err.println();
        err.println("Run 'berth " + word + " --help' for more information");
      } else {
        err.println("berth: unknown command: berth " + word);
        err.println();
        err.println("Run 'berth --help' for more information");
      }
      return 1;
    }
    Context ctx = new Context(out, err, in, env, host);
    return execute(cmd, path, argv.subList(i, argv.size()), ctx);
  }

  static int execute(Command cmd, String path, List<String> rest, Context ctx) {
    Spec spec = cmd.spec();
    PrintStream out = ctx.out();
    PrintStream err = ctx.err();
    try {
      ParsedArgs args = spec.options().parse(rest);
      if (args.help()) {
        out.print(help(spec));
        return 0;
      }
      int n = args.positional().size();
      if (n < spec.minArgs() || n > spec.maxArgs()) {
        err.println(argCountMessage(path, spec));
        err.println("See 'berth " + path + " --help'.");
        err.println();
        err.println("Usage:  " + spec.usage());
        err.println();
        err.println(spec.description());
        return spec.runStyle() ? 125 : 1;
      }
      return cmd.run(ctx, args);
    } catch (UsageException e) {
      out.flush();
      err.println(e.getMessage());
      err.println("See 'berth " + path + " --help'.");
      return 125;
    } catch (CliError e) {
      out.flush();
      if (e.getMessage() != null) {
        report(err, spec, path, e.getMessage());
      }
      return e.exitCode();
    } catch (DaemonException e) {
      out.flush();
      report(err, spec, path, "Error response from daemon: " + e.getMessage());
      return spec.runStyle() ? 125 : 1;
    } catch (CannotConnectException e) {
      out.flush();
      report(err, spec, path, cannotConnect(ctx));
      return spec.runStyle() ? 125 : 1;
    } catch (TemplateException e) {
      out.flush();
      report(err, spec, path, "template parsing error: " + e.getMessage());
      return spec.runStyle() ? 125 : 1;
    } catch (IllegalArgumentException e) {
      out.flush();
      report(err, spec, path, e.getMessage());
      return spec.runStyle() ? 125 : 1;
    } catch (IOException e) {
      out.flush();
      report(err, spec, path, "error during connect: " + e.getMessage());
      return spec.runStyle() ? 125 : 1;
    } catch (Exception e) {
      out.flush();
      report(err, spec, path, String.valueOf(e));
      return spec.runStyle() ? 125 : 1;
    } finally {
      out.flush();
    }
  }

  public static String cannotConnect(Context ctx) {
    return "Cannot connect to the Berth daemon at " + ctx.address().uri() + ". Is berthd running?";
  }

  /** docker prints run/create errors as {@code docker: <message>} plus a --help pointer. */
  private static void report(PrintStream err, Spec spec, String path, String message) {
    if (spec.runStyle()) {
      err.println("berth: " + message);
      err.println();
      err.println("Run 'berth " + path + " --help' for more information");
    } else {
      err.println(message.startsWith("Error") || message.startsWith("Cannot connect") ? message : "Error: " + message);
    }
  }

  private static String argCountMessage(String path, Spec spec) {
    if (spec.minArgs() == spec.maxArgs()) {
      return "\"berth " + path + "\" requires exactly " + spec.minArgs() + " argument" + (spec.minArgs() == 1 ? "." : "s.");
    }
    if (spec.maxArgs() == 0) {
      return "\"berth " + path + "\" accepts no arguments.";
    }
    return "\"berth " + path + "\" requires at least " + spec.minArgs() + " argument" + (spec.minArgs() == 1 ? "." : "s.");
  }

  static String help(Spec spec) {
    return "\nUsage:  " + spec.usage() + "\n\n" + spec.description() + "\n\n" + spec.options().help();
  }
}
