package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HumanTest {
  @Test
  void durationsLikeGoUnits() {
    assertThat(Human.duration(500)).isEqualTo("Less than a second");
    assertThat(Human.duration(1_000)).isEqualTo("1 second");
    assertThat(Human.duration(59_000)).isEqualTo("59 seconds");
    assertThat(Human.duration(60_000)).isEqualTo("About a minute");
    assertThat(Human.duration(119_000)).isEqualTo("About a minute");
    assertThat(Human.duration(120_000)).isEqualTo("2 minutes");
    assertThat(Human.duration(3_600_000)).isEqualTo("About an hour");
    assertThat(Human.duration(5 * 3_600_000L)).isEqualTo("5 hours");
    assertThat(Human.duration(3 * 86_400_000L)).isEqualTo("3 days");
    assertThat(Human.duration(20 * 86_400_000L)).isEqualTo("2 weeks");
    assertThat(Human.duration(90 * 86_400_000L)).isEqualTo("3 months");
    assertThat(Human.duration(800 * 86_400_000L)).isEqualTo("2 years");
    assertThat(Human.ago(100, 220_000)).isEqualTo("2 minutes ago");
  }

  @Test
  void sizesLikeGoUnits() {
    assertThat(Human.size(0)).isEqualTo("0B");
    assertThat(Human.size(4_261_000)).isEqualTo("4.26MB");
    assertThat(Human.size(1_240)).isEqualTo("1.24kB");
    assertThat(Human.size(100)).isEqualTo("100B");
    assertThat(Human.size(1_000_000)).isEqualTo("1MB");
    assertThat(Human.size(999_900)).isEqualTo("1e+03kB");
    assertThat(Human.size(123_456_789)).isEqualTo("123MB");
    assertThat(Human.ramInBytes("64m")).isEqualTo(64L << 20);
    assertThat(Human.ramInBytes("1g")).isEqualTo(1L << 30);
  }

  @Test
  void ramInBytesFollowsGoUnits() {
    assertThat(Human.ramInBytes("1.5g")).isEqualTo(3L << 29);
    assertThat(Human.ramInBytes("512M")).isEqualTo(512L << 20);
    assertThat(Human.ramInBytes("2 GiB")).isEqualTo(2L << 30);
    assertThat(Human.ramInBytes("100kb")).isEqualTo(100L << 10);
    assertThat(Human.ramInBytes("1024b")).isEqualTo(1024L);
    assertThat(Human.ramInBytes("4096")).isEqualTo(4096L);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Human.ramInBytes("12x"))
        .hasMessage("invalid suffix: 'x'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Human.ramInBytes("-5m"))
        .hasMessage("invalid size: '-5m'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Human.ramInBytes("lots"))
        .hasMessage("invalid size: 'lots'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Human.ramInBytes("5mbb"))
        .hasMessage("invalid suffix: 'mbb'");
  }

  @Test
  void goFloatPrinting() {
    assertThat(GoValues.formatFloat(0.5)).isEqualTo("0.5");
    assertThat(GoValues.formatFloat(123456.0)).isEqualTo("123456");
    assertThat(GoValues.formatFloat(1e6)).isEqualTo("1e+06");
    assertThat(GoValues.formatFloat(0.00001)).isEqualTo("1e-05");
  }

  @Test
  void textHelpers() {
    assertThat(Text.shortId("sha256:0123456789abcdef")).isEqualTo("0123456789ab");
    assertThat(Text.ellipsis("sh -c 'while true; do sleep 1; done'", 20)).isEqualTo("sh -c 'while true; …");
    assertThat(Text.quote("echo \"hi\"")).isEqualTo("\"echo \\\"hi\\\"\"");
  }

  @Test
  void tabWriterPadsLikeGo() {
    String out = TabWriter.docker().write("CONTAINER ID\tIMAGE\tNAMES\nabc\tbusybox:latest\tweb\n").flush();
    assertThat(out).isEqualTo("CONTAINER ID   IMAGE            NAMES\nabc            busybox:latest   web\n");
  }

  @Test
  void tableFormatWithHeaders() {
    record Row(String id) implements TemplateObject {
      @Override
      public Object field(String name, List<Object> args) {
        return name.equals("ID") ? id : "x";
      }

      @Override
      public Map<String, Object> toJson() {
        return Map.of("ID", id);
      }
    }
    List<Row> rows = List.of(new Row("a"), new Row("b"));
    assertThat(ListFormat.render("table {{.ID}}\\t{{.Names}}", "", Map.of("ID", "CONTAINER ID"), rows))
        .isEqualTo("CONTAINER ID   NAMES\na              x\nb              x\n");
    assertThat(ListFormat.render("{{.ID}}", "", Map.of(), rows)).isEqualTo("a\nb\n");
    assertThat(ListFormat.render("json", "", Map.of(), rows)).isEqualTo("{\"ID\":\"a\"}\n{\"ID\":\"b\"}\n");
  }
}
