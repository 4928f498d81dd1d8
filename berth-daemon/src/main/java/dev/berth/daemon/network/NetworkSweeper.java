package dev.berth.daemon.network;

import dev.berth.daemon.sys.CommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At berthd's start, undoes the attachments a crash left half made or never recorded with their
 * container: for each entry of the {@link AttachmentJournal} that no stored running container owns,
 * netavark's teardown with the document it was set up with (the veth, the firewall rules for its
 * address and ports, its aardvark-dns names), then the namespace. It works only from berthd's own
 * records under its exec root, so namespaces and interfaces of Docker, Podman or another berthd on
 * the host are never touched. aardvark-dns's files for this exec root are swept too: names of
 * containers that are not running go.
 */
final class NetworkSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkSweeper.class);

  private final AttachmentJournal journal;
  private final Netavark netavark;
  private final Path configDir;
  private final Path aardvarkDir;

  /** {@code configDir} is the netavark config directory under this daemon's exec root. */
  NetworkSweeper(AttachmentJournal journal, Netavark netavark, Path configDir) {
    this.journal = journal;
    this.netavark = netavark;
    this.configDir = configDir;
    this.aardvarkDir = configDir.resolve("aardvark-dns");
  }

  /**
   * A netavark that berthd started just before it was killed keeps running for a moment (children
   * outlive a SIGKILLed parent): its setup must be over before the sweep undoes it, or it would
   * finish afterwards and leave its veth and rules behind. Those are found by their config
   * directory, which is this daemon's own.
   */
  private void awaitStragglers() {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline && !stragglers().isEmpty()) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private List<Long> stragglers() {
    List<Long> out = new ArrayList<>();
    String config = configDir.toString();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String pid = p.getFileName().toString();
        if (!pid.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          List<String> argv = List.of(new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
              .split("\0"));
          int i = argv.indexOf("--config");
          if (!argv.isEmpty() && argv.get(0).endsWith("netavark") && i >= 0 && i + 1 < argv.size()
              && argv.get(i + 1).equals(config)) {
            out.add(Long.parseLong(pid));
          }
        } catch (IOException gone) {
          // ended meanwhile
        }
      }
    } catch (IOException e) {
      LOG.debug("listing processes: {}", e.getMessage());
    }
    return out;
  }

  /**
   * Sweeps; {@code live} are the endpoints of stored running containers, {@code liveContainers}
   * their IDs. Returns how many attachments were undone.
   */
  int sweep(List<Endpoint> live, Set<String> liveContainers) throws IOException {
    awaitStragglers();
    Set<String> liveKeys = new HashSet<>();
    Set<Path> liveNamespaces = new HashSet<>();
    for (Endpoint e : live) {
      liveKeys.add(Path.of(e.netns()) + "#" + e.iface());
      liveNamespaces.add(Path.of(e.netns()));
    }
    List<AttachmentJournal.Entry> entries = journal.all();
    List<AttachmentJournal.Entry> orphans = new ArrayList<>();
    for (AttachmentJournal.Entry entry : entries) {
      if (!liveKeys.contains(entry.netns() + "#" + entry.iface())) {
        orphans.add(entry);
      }
    }
    // extra interfaces first, eth0 last: the namespace goes with its primary interface
    orphans.sort((a, b) -> b.iface().compareTo(a.iface()));
    for (AttachmentJournal.Entry orphan : orphans) {
      LOG.info("undoing the attachment {} in {} that no container owns", orphan.iface(), orphan.netns());
      if (netavark != null && orphan.options() != null) {
        try {
          netavark.teardown(orphan.netns(), orphan.options());
        } catch (IOException e) {
          // a setup the crash cut short has less to undo than netavark expects
          LOG.debug("teardown of orphan {}: {}", orphan.netns(), e.getMessage());
        }
      }
      if (!liveNamespaces.contains(orphan.netns()) && Files.exists(orphan.netns())) {
        CommandRunner.Result r = CommandRunner.run(List.of("ip", "netns", "delete",
            orphan.netns().getFileName().toString()), 10);
        if (!r.ok()) {
          LOG.warn("deleting orphaned namespace {}: {}", orphan.netns(), r.error());
          continue; // kept in the journal: the next start tries again
        }
      }
      journal.forget(orphan.netns(), orphan.iface());
    }
    sweepDnsRecords(liveContainers);
    return orphans.size();
  }

  /**
   * aardvark-dns keeps one file per network under this exec root's netavark config: a header line,
   * then {@code <container id> <ipv4> <ipv6> <names>} per container. A line whose container is not
   * running is a name that would still resolve to an address someone else may get.
   */
  private void sweepDnsRecords(Set<String> liveContainers) {
    if (!Files.isDirectory(aardvarkDir)) {
      return;
    }
    boolean changed = false;
    try (var s = Files.list(aardvarkDir)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") || name.endsWith(".pid") || name.endsWith(".lock")) {
          continue;
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
          continue;
        }
        List<String> kept = new ArrayList<>();
        kept.add(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
          String id = line.split(" ", 2)[0];
          if (line.isBlank() || !id.matches("[0-9a-f]{64}") || liveContainers.contains(id)) {
            kept.add(line);
          } else {
            LOG.info("dropping the DNS names of container {} from network {}", id.substring(0, 12), name);
          }
        }
        if (kept.size() != lines.size()) {
          Files.write(f, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
          changed = true;
        }
      }
    } catch (IOException e) {
      LOG.warn("sweeping aardvark-dns records: {}", e.getMessage());
    }
    if (changed) {
      reloadAardvark();
    }
  }

  /** aardvark-dns rereads its files on SIGHUP. */
  private void reloadAardvark() {
    Path pidFile = aardvarkDir.resolve("aardvark.pid");
    try {
      int pid = Integer.parseInt(Files.readString(pidFile).strip());
      dev.berth.daemon.sys.LibC.kill(pid, 1); // SIGHUP
    } catch (IOException | NumberFormatException e) {
      LOG.debug("no aardvark-dns to reload: {}", e.getMessage());
    }
  }
}
