package dev.berth.cli.command.container;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.DaemonException;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;

/**
 * stop, kill, restart, pause and unpause: one POST per container, its name echoed on success,
 * each failure printed and the exit code 1 if any failed, as docker does.
 */
public final class ContainerActionCommand implements Command {
  private final String action;
  private final Spec spec;

  private ContainerActionCommand(String action, Spec spec) {
    this.action = action;
    this.spec = spec;
  }

  public static ContainerActionCommand stop() {
    return new ContainerActionCommand("stop", new Spec("berth stop [OPTIONS] CONTAINER [CONTAINER...]",
        "Stop one or more running containers", new Options()
            .value('s', "signal", "string", "Signal to send to the container")
            .value('t', "timeout", "int", "Seconds to wait before killing the container"), 1, Spec.ANY));
  }

  public static ContainerActionCommand kill() {
    return new ContainerActionCommand("kill", new Spec("berth kill [OPTIONS] CONTAINER [CONTAINER...]",
        "Kill one or more running containers", new Options()
            .value('s', "signal", "string", "Signal to send to the container"), 1, Spec.ANY));
  }

  public static ContainerActionCommand restart() {
    return new ContainerActionCommand("restart", new Spec("berth restart [OPTIONS] CONTAINER [CONTAINER...]",
        "Restart one or more containers", new Options()
            .value('s', "signal", "string", "Signal to send to the container")
            .value('t', "timeout", "int", "Seconds to wait before killing the container"), 1, Spec.ANY));
  }

  public static ContainerActionCommand pause() {
    return new ContainerActionCommand("pause", new Spec("berth pause CONTAINER [CONTAINER...]",
        "Pause all processes within one or more containers", new Options(), 1, Spec.ANY));
  }

  public static ContainerActionCommand unpause() {
    return new ContainerActionCommand("unpause", new Spec("berth unpause CONTAINER [CONTAINER...]",
        "Unpause all processes within one or more containers", new Options(), 1, Spec.ANY));
  }

  @Override
  public Spec spec() {
    return spec;
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    int code = 0;
    for (String c : args.positional()) {
      Query q = Query.path(Containers.path(c) + "/" + action).nonEmpty("signal", args.value("signal"));
      if (args.has("timeout")) {
        q.param("t", args.longValue("timeout", 10));
      }
      try {
        ctx.client().post(q.build());
        ctx.out().println(c);
      } catch (DaemonException e) {
        ctx.out().flush();
        ctx.err().println("Error response from daemon: " + e.getMessage());
        code = 1;
      }
    }
    return code;
  }
}
