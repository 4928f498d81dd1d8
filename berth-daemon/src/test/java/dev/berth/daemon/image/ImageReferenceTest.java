package dev.berth.daemon.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  private static final String D = "sha256:" + "ab".repeat(32);

  @Test
  void bareNameIsDockerHubLibraryLatest() {
    ImageReference r = ImageReference.parse("busybox");
    assertThat(r.toString()).isEqualTo("busybox:latest");
    assertThat(r.domain()).isEqualTo("docker.io");
    assertThat(r.remotePath()).isEqualTo("library/busybox");
    assertThat(r.fullName()).isEqualTo("docker.io/library/busybox:latest");
  }

  @Test
  void dockerHubSpellingsAreFamiliar() {
    assertThat(ImageReference.parse("docker.io/library/busybox:1.36").toString()).isEqualTo("busybox:1.36");
    assertThat(ImageReference.parse("index.docker.io/library/busybox").toString()).isEqualTo("busybox:latest");
    assertThat(ImageReference.parse("library/busybox").toString()).isEqualTo("busybox:latest");
    ImageReference user = ImageReference.parse("docker.io/team/app:2");
    assertThat(user.toString()).isEqualTo("team/app:2");
    assertThat(user.remotePath()).isEqualTo("team/app");
    assertThat(user.domain()).isEqualTo("docker.io");
  }

  @Test
  void registryWithPort() {
    ImageReference r = ImageReference.parse("localhost:5000/x");
    assertThat(r.domain()).isEqualTo("localhost:5000");
    assertThat(r.remotePath()).isEqualTo("x");
    assertThat(r.tag()).isEqualTo("latest");
    ImageReference deep = ImageReference.parse("reg.example.com:8443/a/b:v1.2");
    assertThat(deep.domain()).isEqualTo("reg.example.com:8443");
    assertThat(deep.remotePath()).isEqualTo("a/b");
    assertThat(deep.tag()).isEqualTo("v1.2");
    assertThat(ImageReference.parse("localhost/x").domain()).isEqualTo("localhost");
    assertThat(ImageReference.parse("team/app").domain()).isEqualTo("docker.io");
  }

  @Test
  void digestsAloneAndWithTags() {
    ImageReference d = ImageReference.parse("localhost:5000/bb@" + D);
    assertThat(d.tag()).isNull();
    assertThat(d.digest()).isEqualTo(D);
    assertThat(d.isDigest()).isTrue();
    assertThat(d.toString()).isEqualTo("localhost:5000/bb@" + D);
    ImageReference both = ImageReference.parse("busybox:1.36@" + D);
    assertThat(both.tag()).isEqualTo("1.36");
    assertThat(both.digest()).isEqualTo(D);
    assertThat(both.fullName()).isEqualTo("docker.io/library/busybox:1.36@" + D);
  }

  @Test
  void pullParameters() {
    assertThat(ImageReference.forPull("busybox", "").toString()).isEqualTo("busybox:latest");
    assertThat(ImageReference.forPull("busybox", "1.36").toString()).isEqualTo("busybox:1.36");
    assertThat(ImageReference.forPull("localhost:5000/bb", D).digest()).isEqualTo(D);
    assertThat(ImageReference.forPull("localhost:5000/bb:2", "").tag()).isEqualTo("2");
  }

  @Test
  void badReferencesAreRefusedClearly() {
    assertThatThrownBy(() -> ImageReference.parse("Busybox")).hasMessageContaining("must be lowercase");
    assertThatThrownBy(() -> ImageReference.parse("busybox:bad tag")).hasMessageContaining("invalid");
    assertThatThrownBy(() -> ImageReference.parse("busybox@sha256:short")).hasMessageContaining("invalid digest");
    assertThatThrownBy(() -> ImageReference.parse("a".repeat(64))).hasMessageContaining("64-byte hexadecimal");
    assertThatThrownBy(() -> ImageReference.parse("")).hasMessageContaining("invalid reference format");
    assertThatThrownBy(() -> ImageReference.parse("host:port/x")).hasMessageContaining("invalid reference format");
    assertThatThrownBy(() -> ImageReference.of("x@" + D, "1")).hasMessageContaining("digest");
  }

  @org.junit.jupiter.api.Test
  void aHubRepositoryWhoseNamespaceLooksLikeADomainKeepsItsDomain() {
    ImageReference r = ImageReference.parse("index.docker.io/docker.io/27");
    org.assertj.core.api.Assertions.assertThat(r.toString()).isEqualTo("docker.io/docker.io/27:latest");
    org.assertj.core.api.Assertions.assertThat(r.domain()).isEqualTo("docker.io");
    org.assertj.core.api.Assertions.assertThat(r.remotePath()).isEqualTo("docker.io/27");
    org.assertj.core.api.Assertions.assertThat(ImageReference.parse(r.toString())).isEqualTo(r);
  }
}
