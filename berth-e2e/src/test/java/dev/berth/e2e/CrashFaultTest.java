package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "A crash at any moment loses nothing": berthd is killed with SIGKILL at a random moment inside
 * each of pull, push, build (a RUN and a COPY), load, import, commit, create, start, stop, rm, a
 * volume's copy-up and network connect, then started again on the same roots. After every restart
 * the store opens, nothing half-made is visible, what the client was told is there, the containers
 * that ran still run, nothing is left on the host that no container owns ({@link HostAudit}), and
 * the interrupted operation, run again, succeeds.
 *
 * <p>The moments come from a seed, printed at the start; {@code -Dberth.faults.seed=N} replays a
 * run, {@code -Dberth.faults.rounds=N} runs more rounds ({@code make soak}).
 */
class CrashFaultTest {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
  static BerthDaemon daemon;
  static LocalRegistry registry;
  static Path work;
  static final Set<String> knownIds = ConcurrentHashMap.newKeySet();
  static StreamingCommand eventTap;

  @BeforeAll
  static void setUp() throws Exception {
    daemon = BerthDaemon.start();
    registry = LocalRegistry.start(null, null);
    work = Files.createTempDirectory(Path.of("/tmp"), "bcrash-");
    tapEvents();
    daemon.importBusybox();
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      if (eventTap != null) {
        eventTap.close();
      }
      if (daemon != null) {
        daemon.close();
      }
    } finally {
      if (registry != null) {
        registry.close();
      }
      if (work != null) {
        BerthDaemon.deleteTree(work);
      }
    }
  }

  /** Container IDs as the daemon announces them, so that the audit knows its namespaces by name. */
  static void tapEvents() {
    if (eventTap != null) {
      try {
        collectIds(eventTap.output());
        eventTap.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    eventTap = StreamingCommand.start(daemon.env(), Path.of("docker"), "events", "--format", "{{.Actor.ID}}");
  }

  static void collectIds(String text) {
    Matcher m = ID.matcher(text);
    while (m.find()) {
      knownIds.add(m.group());
    }
  }

  @Test
  void aCrashAtAnyMomentLosesNothing() throws Exception {
    long seed = Long.getLong("berth.faults.seed", new Random().nextLong());
    int rounds = Integer.getInteger("berth.faults.rounds", 1);
    System.out.println("CrashFaultTest: seed " + seed + ", " + rounds + " round(s); replay with -Dberth.faults.seed="
        + seed);
    Random random = new Random(seed);
    CrashFaults.Rig rig = new CrashFaults.Rig(daemon, registry, work, random);
    Path bigTar = prepareImages(rig);
    HostAudit audit = new HostAudit(daemon, knownIds);
    // subnets of this daemon's own (its bridge's octet), so that no other daemon's rules are counted as ours
    String octet = daemon.bridgePrefix().split("\\.")[2];
    rig.ok("network", "create", "--subnet", "10.214." + octet + ".0/24", "fnet");
    rig.ok("network", "create", "--subnet", "10.215." + octet + ".0/24", "fnet2");
    rig.ok("run", "-d", "--name", "keeper", "--network", "fnet", "-p", "127.0.0.1::80", "busybox", "sleep", "1000000");
    rig.awaitRunning("keeper");
    audit.check("before any crash");

    List<CrashFaults.Fault> faults = CrashFaults.all(bigTar);
    for (int round = 1; round <= rounds; round++) {
      rig.round = round;
      List<CrashFaults.Fault> order = new ArrayList<>(faults);
      Collections.shuffle(order, random);
      for (CrashFaults.Fault f : order) {
        String where = "round " + round + ", " + f.name + " (seed " + seed + ")";
        try {
          crashDuring(rig, f, audit, where);
        } catch (AssertionError | Exception e) {
          throw new AssertionError(where + ": " + e.getMessage() + "\n--- berthd log tail\n" + logTail(), e);
        }
      }
    }
    rig.assertRunning("keeper");
    audit.check("after every round");
  }

  /** Runs the operation, kills berthd at a random moment inside it, restarts it and checks. */
  private void crashDuring(CrashFaults.Rig rig, CrashFaults.Fault f, HostAudit audit, String where) throws Exception {
    f.prepare(rig);
    long delay = (long) (rig.random.nextDouble() * Math.max(50, f.estimateMs));
    ProcessBuilder pb = new ProcessBuilder(Command.args(Path.of("docker"), f.command(rig).toArray(String[]::new)))
        .redirectErrorStream(true);
    pb.environment().putAll(daemon.env());
    pb.environment().put("DOCKER_BUILDKIT", "0");
    Process client = pb.start();
    client.getOutputStream().close();
    StringBuilder output = new StringBuilder();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        output.append(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (java.io.IOException ignored) {
        // ended
      }
    });
    boolean finished = client.waitFor(delay, TimeUnit.MILLISECONDS);
    boolean acknowledged = finished && client.exitValue() == 0;
    daemon.crash();
    if (!finished) {
      assertThat(client.waitFor(60, TimeUnit.SECONDS)).as("the client ends when berthd dies").isTrue();
    }
    reader.join();
    String outcome = acknowledged ? "answered" : finished ? "failed before the kill: " + output.toString().strip()
        : "cut off";
    collectIds(eventTap.output());
    long t0 = System.nanoTime();
    daemon.launch();
    tapEvents();
    long t1 = System.nanoTime();
    audit.check(where + ", after the restart");
    rig.assertRunning("keeper");
    f.verify(rig, acknowledged);
    long t2 = System.nanoTime();
    f.retry(rig);
    long t3 = System.nanoTime();
    f.estimateMs = Math.max(50, ms(t3 - t2));
    f.cleanup(rig);
    System.out.printf("%s: killed after %d ms, client %s; restart %d ms, audit %d ms, retry %d ms, cleanup %d ms%n",
        where, delay, outcome, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(System.nanoTime() - t3));
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** The shared images: a three-layer one (pulled, loaded) and one whose /data fills new volumes. */
  private static Path prepareImages(CrashFaults.Rig rig) throws Exception {
    Path big = Files.createDirectories(work.resolve("big"));
    StringBuilder dockerfile = new StringBuilder("FROM busybox\n");
    for (int i = 0; i < CrashFaults.BIG_LAYERS; i++) {
      dockerfile.append("RUN head -c ").append(CrashFaults.BIG_LAYER_BYTES).append(" /dev/urandom > /l").append(i)
          .append('\n');
    }
    Files.writeString(big.resolve("Dockerfile"), dockerfile);
    rig.ok("build", "-q", "-t", "fault/big:1", big.toString());
    Path tar = work.resolve("big.tar");
    rig.ok("save", "-o", tar.toString(), "fault/big:1");
    rig.ok("tag", "fault/big:1", rig.reg("fault/big:1"));
    rig.ok("push", rig.reg("fault/big:1"));
    rig.ok("rmi", "fault/big:1", rig.reg("fault/big:1"));

    Path vol = Files.createDirectories(work.resolve("vol"));
    Files.writeString(vol.resolve("Dockerfile"), """
        FROM busybox
        RUN mkdir /data && i=0; while [ $i -lt %d ]; do head -c 4096 /dev/urandom > /data/f$i; i=$((i+1)); done
        """.formatted(CrashFaults.VOLUME_FILES));
    rig.ok("build", "-q", "-t", "fault/vol", vol.toString());
    return tar;
  }

  private static String logTail() {
    try {
      List<String> lines = daemon.log().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (java.io.IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static Map<String, String> env() {
    return daemon.env();
  }
}
