package dev.berth.daemon.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.store.MetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash leaves among the volumes is put right when the volume service starts. */
class VolumeSweeperTest {
  @TempDir
  Path dir;

  @Test
  void dropsPartialCopiesAndDirectoriesWithoutAVolume() throws Exception {
    try (MetadataStore db = new MetadataStore(dir.resolve("metadata.db"))) {
      VolumeService volumes = new VolumeService(db, dir);
      volumes.create("kept", "local", Map.of(), Map.of());
      Files.writeString(volumes.data("kept").resolve("user-file"), "mine");
      Path staging = Files.createDirectories(dir.resolve("volumes/kept/" + VolumeService.COPY_UP_STAGING + "1.tmp/sub"));
      Files.writeString(staging.resolve("half"), "copied");
      Files.createDirectories(dir.resolve("volumes/gone/_data"));

      new VolumeService(db, dir); // a restart

      assertThat(dir.resolve("volumes/gone")).doesNotExist();
      assertThat(dir.resolve("volumes/kept/" + VolumeService.COPY_UP_STAGING + "1.tmp")).doesNotExist();
      assertThat(volumes.data("kept").resolve("user-file")).hasContent("mine");
    }
  }
}
