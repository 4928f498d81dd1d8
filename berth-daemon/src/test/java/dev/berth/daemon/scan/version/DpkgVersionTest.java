package dev.berth.daemon.scan.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dpkg's order, table-driven, each row also checked against {@code dpkg --compare-versions} when dpkg is here. */
class DpkgVersionTest {
  /** a, b, expected sign of compare(a, b). */
  private static final List<Object[]> TABLE = List.of(
      new Object[] {"1.0", "1.0", 0},
      new Object[] {"1.0", "1.1", -1},
      new Object[] {"1.0~rc1", "1.0", -1},
      new Object[] {"1.0~", "1.0", -1},
      new Object[] {"1.0~~", "1.0~", -1},
      new Object[] {"1.0", "1.0+b1", -1},
      new Object[] {"1:1.0", "2.0", 1},
      new Object[] {"0:1.0", "1.0", 0},
      new Object[] {"1.0-1", "1.0-2", -1},
      new Object[] {"1.0-10", "1.0-9", 1},
      new Object[] {"1.0a", "1.0", 1},
      new Object[] {"1.0a", "1.0+", -1},
      new Object[] {"1.01", "1.1", 0},
      new Object[] {"2.36-9+deb12u4", "2.36-9+deb12u10", -1},
      new Object[] {"3.0.11-1~deb12u2", "3.0.11-1", -1},
      new Object[] {"3.0.11-1~deb12u2", "3.0.11-1~deb12u1", 1},
      new Object[] {"1.2.3-1ubuntu1", "1.2.3-1", 1},
      new Object[] {"7.88.1-10+deb12u5", "7.88.1-10+deb12u12", -1},
      new Object[] {"1.0-1", "1.0", 1},
      new Object[] {"10", "9", 1},
      new Object[] {"1:0", "0:9", 1},
      new Object[] {"a", "b", -1},
      new Object[] {"1.0.0", "1.0", 1});

  @Test
  void ordersAsTheTableSays() {
    for (Object[] row : TABLE) {
      assertThat(Integer.signum(DpkgVersion.compare((String) row[0], (String) row[1])))
          .as("%s vs %s", row[0], row[1]).isEqualTo(row[2]);
      assertThat(Integer.signum(DpkgVersion.compare((String) row[1], (String) row[0])))
          .as("%s vs %s", row[1], row[0]).isEqualTo(-(int) row[2]);
    }
  }

  @Test
  void agreesWithDpkgItself() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/dpkg"))) {
      return; // the table above still holds; dpkg is on every Debian host this runs on
    }
    for (Object[] row : TABLE) {
      String a = (String) row[0];
      String b = (String) row[1];
      boolean lt = run(a, "lt", b);
      boolean eq = run(a, "eq", b);
      int dpkg = lt ? -1 : eq ? 0 : 1;
      assertThat(Integer.signum(DpkgVersion.compare(a, b))).as("dpkg --compare-versions %s ? %s", a, b).isEqualTo(dpkg);
    }
  }

  private static boolean run(String a, String op, String b) throws Exception {
    Process p = new ProcessBuilder("dpkg", "--compare-versions", a, op, b).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }
}
