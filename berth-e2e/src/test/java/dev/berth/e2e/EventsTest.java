package dev.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * events: what {@code docker events} and {@code berth events} show for a container's life, exec,
 * images and networks, replayed with --since/--until, filtered, and streamed as things happen.
 */
class EventsTest extends SharedDaemonTest {
  private static final String LINE =
      "{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.image}} {{index .Actor.Attributes \"team\"}}";

  /** Unix seconds with nanoseconds, as the API takes them. */
  private static String now() {
    Instant t = Instant.now();
    return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
  }

  @Test
  void aRunStopRmSequenceArrivesInOrderWithItsAttributes() {
    String since = now();
    ok(daemon.docker("run", "-d", "--name", "ev1", "--label", "team=blue", "busybox", "sleep", "300"));
    ok(daemon.docker("stop", "-t", "1", "ev1"));
    ok(daemon.docker("rm", "ev1"));
    String until = now();
    List<String> lines = ok(daemon.docker("events", "--since", since, "--until", until, "--filter", "container=ev1",
        "--format", LINE)).lines().toList();
    assertThat(lines).containsSubsequence("container create ev1 busybox blue", "container start ev1 busybox blue",
        "container kill ev1 busybox blue", "container die ev1 busybox blue", "container stop ev1 busybox blue",
        "container destroy ev1 busybox blue");
    assertThat(lines).allMatch(l -> l.startsWith("container "));

    // docker's own line format, from the berth CLI: time, type, action, ID, sorted attributes
    List<String> plain = ok(daemon.berth("events", "--since", since, "--until", until, "--filter", "container=ev1",
        "--filter", "event=die")).lines().toList();
    assertThat(plain).hasSize(1);
    assertThat(plain.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}(Z|[+-]\\d\\d:\\d\\d) container die "
        + "[0-9a-f]{64} \\(execDuration=\\d+, exitCode=137, image=busybox, name=ev1, team=blue\\)");
    // the stop signal first, then the kill after the timeout
    assertThat(ok(daemon.docker("events", "--since", since, "--until", until, "--filter", "container=ev1",
        "--filter", "event=kill", "--format", "{{.Actor.Attributes.signal}}"))).isEqualTo("15\n9");
  }

  @Test
  void volumeAndHealthEvents() throws Exception {
    String since = now();
    ok(daemon.docker("run", "--rm", "-v", "evvol:/data", "busybox", "true"));
    ok(daemon.docker("volume", "rm", "evvol"));
    ok(daemon.docker("run", "-d", "--name", "evhealth", "--health-cmd", "true", "--health-interval", "200ms",
        "busybox", "sleep", "300"));
    long deadline = System.currentTimeMillis() + 30_000;
    while (!ok(daemon.docker("inspect", "-f", "{{.State.Health.Status}}", "evhealth")).equals("healthy")
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    String until = now();
    assertThat(ok(daemon.docker("events", "--since", since, "--until", until, "--filter", "type=volume",
        "--format", "{{.Action}} {{.Actor.ID}}")).lines())
        .containsExactly("create evvol", "mount evvol", "unmount evvol", "destroy evvol");
    assertThat(ok(daemon.berth("events", "--since", since, "--until", until, "--filter", "event=health_status",
        "--format", "{{.Action}} {{.Actor.Attributes.name}}"))).isEqualTo("health_status: healthy evhealth");
    ok(daemon.docker("rm", "-f", "evhealth"));
  }

  @Test
  void untilReplaysOnlyItsWindow() {
    String since = now();
    ok(daemon.berth("create", "--name", "before-until", "busybox", "true"));
    String until = now();
    ok(daemon.berth("create", "--name", "after-until", "busybox", "true"));
    String out = ok(daemon.berth("events", "--since", since, "--until", until, "--format", "{{.Actor.Attributes.name}}"));
    assertThat(out).isEqualTo("before-until");
    String docker = ok(daemon.docker("events", "--since", since, "--until", now(), "--filter", "event=create",
        "--format", "{{.Actor.Attributes.name}}"));
    assertThat(docker.lines()).containsExactly("before-until", "after-until");
    ok(daemon.berth("rm", "before-until", "after-until"));
  }

  @Test
  void imageAndNetworkEventsAndFilters() {
    String since = now();
    ok(daemon.docker("tag", "busybox", "evimage:1"));
    ok(daemon.docker("rmi", "evimage:1"));
    ok(daemon.docker("network", "create", "evnet"));
    ok(daemon.docker("run", "--rm", "--network", "evnet", "busybox", "true"));
    ok(daemon.docker("network", "rm", "evnet"));
    String until = now();
    assertThat(ok(daemon.docker("events", "--since", since, "--until", until, "--filter", "type=image", "--format",
        "{{.Action}} {{.Actor.Attributes.name}}")).lines())
        .containsExactly("tag evimage:1", "untag " + busyboxId());
    assertThat(ok(daemon.berth("events", "--since", since, "--until", until, "--filter", "network=evnet", "--format",
        "{{.Action}}")).lines()).containsExactly("create", "connect", "disconnect", "destroy");
    String connect = ok(daemon.docker("events", "--since", since, "--until", until, "--filter", "type=network",
        "--filter", "event=connect", "--format", "{{.Actor.Attributes.container}} {{.Actor.Attributes.type}}"));
    assertThat(connect).matches("[0-9a-f]{64} bridge");
    // JSON with Docker's fields, legacy ones included for images
    String json = ok(daemon.docker("events", "--since", since, "--until", until, "--filter", "event=tag",
        "--format", "json"));
    assertThat(json).contains("\"status\":\"tag\"", "\"Type\":\"image\"", "\"Action\":\"tag\"", "\"scope\":\"local\"",
        "\"timeNano\":");
  }

  @Test
  void execEventsMatchByTheirPrefix() {
    ok(daemon.berth("run", "-d", "--name", "evexec", "busybox", "sleep", "300"));
    String since = now();
    assertThat(daemon.docker("exec", "evexec", "sh", "-c", "exit 3").exitCode()).isEqualTo(3);
    String until = now();
    assertThat(ok(daemon.docker("events", "--since", since, "--until", until, "--filter", "event=exec_start",
        "--format", "{{.Action}}"))).isEqualTo("exec_start: sh -c exit 3");
    assertThat(ok(daemon.docker("events", "--since", since, "--until", until, "--filter", "event=exec_die",
        "--format", "{{.Actor.Attributes.exitCode}} {{.Actor.Attributes.name}}"))).isEqualTo("3 evexec");
    ok(daemon.berth("rm", "-f", "evexec"));
  }

  @Test
  void eventsStreamAsTheyHappen() throws Exception {
    for (Path client : List.of(Path.of("docker"), BerthDaemon.BERTH)) {
      String name = client.getFileName().toString() + "-live";
      String since = now();
      ok(daemon.berth("create", "--name", name + "-marker", "busybox", "true"));
      try (StreamingCommand s = StreamingCommand.start(daemon.env(), client, "events", "--since", since,
          "--filter", "type=container", "--format", "{{.Action}} {{.Actor.Attributes.name}}")) {
        // the marker came through the stream: it is subscribed, so what follows arrives live
        s.await(o -> o.contains("create " + name + "-marker"));
        ok(daemon.berth("run", "-d", "--name", name, "busybox", "true"));
        String out = s.await(o -> o.contains("die " + name));
        assertThat(out.lines()).containsSubsequence("create " + name + "-marker", "create " + name, "start " + name,
            "die " + name);
        assertThat(s.alive()).isTrue();
      }
      ok(daemon.berth("rm", name, name + "-marker"));
    }
  }

  @Test
  void badInputIsAClearError() throws Exception {
    Command.Result r = daemon.berth("events", "--filter", "colour=red", "--until", "1s");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("invalid filter 'colour'");
    Command.Result d = daemon.docker("events", "--filter", "colour=red", "--until", "1s");
    assertThat(d.exitCode()).isNotZero();
    assertThat(d.stderr()).contains("invalid filter 'colour'");
    assertThat(daemon.request("GET", "/events?since=yesterday")).startsWith("HTTP/1.1 400")
        .contains("invalid value for since");
    Command.Result t = daemon.berth("events", "--since", "not-a-time");
    assertThat(t.exitCode()).isNotZero();
    assertThat(t.stderr()).contains("not-a-time");
  }

  private static String busyboxId() {
    return ok(daemon.docker("image", "inspect", "--format", "{{.Id}}", "busybox"));
  }
}
