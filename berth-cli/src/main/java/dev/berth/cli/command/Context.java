package dev.berth.cli.command;

import dev.berth.cli.client.DaemonAddress;
import dev.berth.cli.client.DaemonClient;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command may touch: its output streams, stdin, the environment, the daemon client
 * (created on first use so that commands needing no daemon load no client classes) and the clock.
 */
public final class Context {
  private final PrintStream out;
  private final PrintStream err;
  private final InputStream in;
  private final Map<String, String> env;
  private final String host;
  private DaemonClient client;

  public Context(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, String host) {
    this.out = out;
    this.err = err;
    this.in = in;
    this.env = env;
    this.host = host;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public InputStream in() {
    return in;
  }

  public Map<String, String> env() {
    return env;
  }

  public DaemonAddress address() {
    return DaemonAddress.resolve(host, env);
  }

  public DaemonClient client() {
    if (client == null) {
      client = new DaemonClient(address());
    }
    return client;
  }

  public long now() {
    return System.currentTimeMillis();
  }
}
