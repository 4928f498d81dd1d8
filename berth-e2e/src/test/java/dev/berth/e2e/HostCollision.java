package dev.berth.e2e;

import java.util.List;
import java.util.Map;

/**
 * An interface holding 172.17.0.1/16, as docker0 does on a host with Docker: the collision a new
 * Berth user beside Docker meets. A dummy interface where the kernel has them, else an empty
 * bridge (same address, same route). {@link #close} removes it, so tests remove it even on failure.
 */
final class HostCollision implements AutoCloseable {
  static final String SUBNET = "172.17.0.0/16";
  private final String name;

  private HostCollision(String name) {
    this.name = name;
  }

  static HostCollision make() {
    String name = "bcol" + Integer.toHexString(0x10000 + new java.security.SecureRandom().nextInt(0xe0000));
    Command.Result r = ip("link", "add", name, "type", "dummy");
    if (r.exitCode() != 0) {
      r = ip("link", "add", name, "type", "bridge");
    }
    if (r.exitCode() != 0) {
      throw new IllegalStateException("cannot make a collision interface: " + r);
    }
    HostCollision c = new HostCollision(name);
    // a host that already routes 172.17.0.0/16 (Docker running) has the collision already
    if (!ip("-4", "route", "show", SUBNET).stdout().contains(SUBNET.replace("/16", ""))) {
      Command.Result addr = ip("addr", "add", "172.17.0.1/16", "dev", name);
      if (addr.exitCode() != 0) {
        c.close();
        throw new IllegalStateException("cannot give " + name + " 172.17.0.1/16: " + addr);
      }
    }
    ip("link", "set", name, "up");
    return c;
  }

  String name() {
    return name;
  }

  @Override
  public void close() {
    ip("link", "delete", name);
  }

  private static Command.Result ip(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    return Command.run(Map.of(), null, cmd);
  }
}
