package dev.berth.cli.command.container;

import dev.berth.cli.client.DaemonClient;
import dev.berth.cli.client.Query;

/**
 * docker's {@code --sig-proxy}: while {@code run} or {@code start -a} is attached without a TTY,
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT received by the CLI are sent to the container through
 * {@code POST /containers/{id}/kill?signal=} instead of ending the CLI.
 */
final class SignalProxy {
  private SignalProxy() {}

  static void install(DaemonClient client, String id) {
    for (String name : new String[] {"INT", "TERM", "HUP", "QUIT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), new Forwarder(client, id));
      } catch (IllegalArgumentException ignored) {
        // the signal is reserved by this JVM; leave its default behaviour
      }
    }
  }

  /** Sends one received signal on to the container; failures are ignored as docker does. */
  private record Forwarder(DaemonClient client, String id) implements sun.misc.SignalHandler {
    @Override
    public void handle(sun.misc.Signal sig) {
      try {
        client.post(Query.path(Containers.path(id) + "/kill").param("signal", "SIG" + sig.getName()).build());
      } catch (Exception ignored) {
        // the container may already be gone
      }
    }
  }
}
