package dev.berth.daemon.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.Json;
import dev.berth.daemon.store.MetadataStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store writes is what a restarted berthd reads back: the whole container. */
class ContainerStoreTest {
  @TempDir
  Path dir;

  @Test
  void mountsSurviveAReopen() throws Exception {
    Path file = dir.resolve("metadata.db");
    Container c = new Container();
    c.id = "a".repeat(64);
    c.name = "withmounts";
    c.created = Instant.parse("2026-01-02T03:04:05Z");
    c.imageId = "sha256:" + "b".repeat(64);
    c.config = Json.plain().createObjectNode();
    c.hostConfig = Json.plain().createObjectNode();
    c.networkMode = "bridge";
    c.mounts = List.of(
        new MountPoint("volume", "data", "/v/data/_data", "/data", true, "z", List.of(), true, false),
        new MountPoint("bind", "", "/host", "/in", false, "ro", List.of("rbind"), false, false));
    try (MetadataStore db = new MetadataStore(file)) {
      new ContainerStore(db).insert(c);
    }
    try (MetadataStore db = new MetadataStore(file)) {
      Container back = new ContainerStore(db).get(c.id);
      assertThat(back.mounts).containsExactlyElementsOf(c.mounts);
      assertThat(back.mounts.get(0).volume()).isTrue();
    }
  }
}
