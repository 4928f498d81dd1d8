package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerViewsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");

  private static Container container(String status) {
    Container c = ContainerFactoryTest.build("{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"60\"]}",
        ContainerFactoryTest.BUSYBOX);
    c.state.status = status;
    return c;
  }

  @Test
  void createdContainer() {
    assertThat(ContainerViews.status(container("created"), NOW)).isEqualTo("Created");
  }

  @Test
  void runningContainerSaysHowLongItIsUp() {
    Container c = container("running");
    c.state.startedAt = NOW.minusSeconds(5);

    assertThat(ContainerViews.status(c, NOW)).isEqualTo("Up 5 seconds");
  }

  @Test
  void pausedContainerIsUpAndPaused() {
    Container c = container("paused");
    c.state.startedAt = NOW.minusSeconds(1);

    assertThat(ContainerViews.status(c, NOW)).isEqualTo("Up 1 second (Paused)");
  }

  @Test
  void exitedContainerGivesItsCodeAndHowLongAgo() {
    Container c = container("exited");
    c.state.exitCode = 3;
    c.state.finishedAt = NOW.minus(Duration.ofMinutes(2));

    assertThat(ContainerViews.status(c, NOW)).isEqualTo("Exited (3) 2 minutes ago");
  }

  @Test
  void exitedWithoutAFinishTimeGivesJustTheCode() {
    Container c = container("exited");
    c.state.exitCode = 137;

    assertThat(ContainerViews.status(c, NOW)).isEqualTo("Exited (137)");
  }

  @Test
  void removingAndDead() {
    assertThat(ContainerViews.status(container("removing"), NOW)).isEqualTo("Removal In Progress");
    assertThat(ContainerViews.status(container("dead"), NOW)).isEqualTo("Dead");
  }

  @Test
  void commandJoinsPathAndArgs() {
    assertThat(ContainerViews.command(container("created"))).isEqualTo("sleep 60");
  }

  @Test
  void summaryHasDockersShape() {
    Container c = container("created");
    c.created = NOW;

    ObjectNode n = ContainerViews.summary(c, -1);

    assertThat(n.get("Id").asText()).isEqualTo(ContainerFactoryTest.ID);
    assertThat(SpecGenerator.asStrings(n.get("Names"))).containsExactly("/test");
    assertThat(n.get("Created").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(n.get("State").asText()).isEqualTo("created");
    assertThat(n.get("Status").asText()).isEqualTo("Created");
    assertThat(n.has("SizeRw")).isFalse();
    assertThat(n.at("/HostConfig/NetworkMode").asText()).isEqualTo("bridge");
    assertThat(n.at("/NetworkSettings/Networks/bridge").isObject()).isTrue();
  }

  @Test
  void inspectPrintsNeverAsGosZeroTime() {
    Container c = container("created");
    c.created = NOW;
    ContainerPaths paths = ContainerPaths.of(java.nio.file.Path.of("/data"), java.nio.file.Path.of("/run"), c.id);

    ObjectNode n = ContainerViews.inspect(c, paths, List.of("/l1", "/l2"), -1);

    assertThat(n.at("/State/StartedAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(n.at("/State/FinishedAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(n.get("Created").asText()).isEqualTo("2026-11-25T06:00:00Z");
    assertThat(n.get("Name").asText()).isEqualTo("/test");
    assertThat(n.at("/GraphDriver/Data/LowerDir").asText()).isEqualTo("/l1:/l2");
    assertThat(n.at("/HostConfig/RestartPolicy/Name").asText()).isEqualTo("no");
  }
}
