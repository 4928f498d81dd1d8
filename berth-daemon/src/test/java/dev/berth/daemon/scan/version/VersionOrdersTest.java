package dev.berth.daemon.scan.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each ecosystem's order, table-driven: every row says a is less than, equal to or greater than b. */
class VersionOrdersTest {
  private static void check(VersionOrder order, String[][] rows) {
    for (String[] r : rows) {
      int want = Integer.parseInt(r[2]);
      assertThat(Integer.signum(order.compare(r[0], r[1]))).as("%s vs %s", r[0], r[1]).isEqualTo(want);
      assertThat(Integer.signum(order.compare(r[1], r[0]))).as("%s vs %s", r[1], r[0]).isEqualTo(-want);
    }
  }

  @Test
  void apk() {
    check(ApkVersion.ORDER, new String[][] {
        {"1.3.1-r0", "1.3.1-r1", "-1"}, {"1.3.1-r10", "1.3.1-r9", "1"}, {"1.2.3", "1.2.3", "0"},
        {"1.2_rc1", "1.2", "-1"}, {"1.2_alpha", "1.2_beta", "-1"}, {"1.2_pre2", "1.2_rc1", "-1"},
        {"1.2_p1", "1.2", "1"}, {"1.2_git20240101", "1.2", "1"}, {"1.2a", "1.2", "1"}, {"1.2a", "1.2b", "-1"},
        {"1.2.1", "1.2", "1"}, {"3.1.4-r5", "3.1.4_p1-r0", "-1"}, {"2.10", "2.9", "1"}, {"1.36.1-r15", "1.36.1-r2", "1"}});
  }

  @Test
  void rpm() {
    check(RpmVersion.ORDER, new String[][] {
        {"1.0-1", "1.0-2", "-1"}, {"1:1.0-1", "2.0-1", "1"}, {"1.0~rc1-1", "1.0-1", "-1"}, {"1.0^git1-1", "1.0-1", "1"},
        {"1.0^git1", "1.0.1", "-1"}, {"1.0a", "1.0", "1"}, {"1.0", "1.0.1", "-1"}, {"2.0.1", "2.0.01", "0"},
        {"1.0-1.el9", "1.0-1.el9_2", "-1"}, {"3.0.7-24.el9", "3.0.7-27.el9", "-1"}, {"1.a", "1.1", "-1"},
        {"5.1.8-6.el9_1", "5.1.8-6.el9_1", "0"}});
  }

  @Test
  void maven() {
    check(MavenVersion.ORDER, new String[][] {
        {"1.33", "2.0", "-1"}, {"1.0-SNAPSHOT", "1.0", "-1"}, {"1.0-alpha-1", "1.0-beta-1", "-1"},
        {"1.0-rc1", "1.0", "-1"}, {"1.0.Final", "1.0", "0"}, {"1.0-sp1", "1.0", "1"}, {"2.17.1", "2.17.0", "1"},
        {"2.15.0-rc2", "2.15.0", "-1"}, {"1.10", "1.9", "1"}, {"5.3.18", "5.3.18.RELEASE", "0"}});
  }

  @Test
  void semver() {
    check(SemVer.ORDER, new String[][] {
        {"1.0.0", "2.0.0", "-1"}, {"1.0.0-alpha", "1.0.0", "-1"}, {"1.0.0-alpha", "1.0.0-alpha.1", "-1"},
        {"1.0.0-alpha.1", "1.0.0-alpha.beta", "-1"}, {"1.0.0-beta.2", "1.0.0-beta.11", "-1"},
        {"1.0.0-rc.1", "1.0.0", "-1"}, {"1.0.0+build5", "1.0.0", "0"}, {"v0.17.0", "0.17.0", "0"},
        {"v0.0.0-20230101000000-abcdef123456", "v0.1.0", "-1"}, {"4.17.21", "4.17.3", "1"}, {"1.2", "1.2.0", "0"}});
  }

  @Test
  void pep440() {
    check(Pep440Version.ORDER, new String[][] {
        {"1.0", "1.0.0", "0"}, {"1.0.dev1", "1.0a1", "-1"}, {"1.0a1", "1.0b1", "-1"}, {"1.0b2", "1.0rc1", "-1"},
        {"1.0rc1", "1.0", "-1"}, {"1.0", "1.0.post1", "-1"}, {"1.0.post1.dev1", "1.0.post1", "-1"},
        {"1!0.1", "2.0", "1"}, {"2.2.2", "2.10", "-1"}, {"1.0-1", "1.0.post1", "0"}, {"1.0alpha1", "1.0a1", "0"},
        {"1.0+local.1", "1.0", "1"}, {"1.0c1", "1.0rc1", "0"}});
  }

  @Test
  void ecosystemsPickTheirOrder() {
    assertThat(VersionOrder.forEcosystem("Debian:12")).isSameAs(DpkgVersion.ORDER);
    assertThat(VersionOrder.forEcosystem("Alpine:v3.19")).isSameAs(ApkVersion.ORDER);
    for (String e : List.of("npm", "Go", "crates.io")) {
      assertThat(VersionOrder.forEcosystem(e)).isSameAs(SemVer.ORDER);
    }
    assertThat(VersionOrder.forEcosystem("Maven")).isSameAs(MavenVersion.ORDER);
    assertThat(VersionOrder.forEcosystem("PyPI")).isSameAs(Pep440Version.ORDER);
    assertThat(VersionOrder.forEcosystem("Rocky Linux:9")).isSameAs(RpmVersion.ORDER);
  }
}
