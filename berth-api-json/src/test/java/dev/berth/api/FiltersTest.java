package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersTest {
  @Test
  void arrayShapeDecodes() {
    Filters f = Filters.parse("{\"status\":[\"running\",\"paused\"]}");

    assertThat(f.get("status")).containsExactly("running", "paused");
  }

  @Test
  void objectShapeDecodesToTheSameValues() {
    Filters f = Filters.parse("{\"status\":{\"running\":true,\"paused\":true}}");

    assertThat(f.get("status")).containsExactly("running", "paused");
  }

  @Test
  void objectShapeSkipsValuesSetToFalse() {
    Filters f = Filters.parse("{\"status\":{\"running\":true,\"exited\":false}}");

    assertThat(f.get("status")).containsExactly("running");
  }

  @Test
  void blankOrMissingMeansNoFilters() {
    assertThat(Filters.parse(null).isEmpty()).isTrue();
    assertThat(Filters.parse("").isEmpty()).isTrue();
    assertThat(Filters.parse("  ").isEmpty()).isTrue();
  }

  @Test
  void absentKeyHasNoValues() {
    Filters f = Filters.parse("{\"status\":[\"running\"]}");

    assertThat(f.has("label")).isFalse();
    assertThat(f.get("label")).isEmpty();
  }

  @Test
  void nonObjectRootIsRejected() {
    assertThatThrownBy(() -> Filters.parse("[\"status\"]")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void numericValueIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> Filters.parse("{\"status\":3}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid filter 'status'");
  }

  @Test
  void malformedJsonIsReportedAsSuch() {
    assertThatThrownBy(() -> Filters.parse("{\"status\":")).isInstanceOf(Json.MalformedJsonException.class);
  }

  @Test
  void ofArgsSplitsAtTheFirstEquals() {
    Filters f = Filters.ofArgs(List.of("label=com.example=1", "status=running"));

    assertThat(f.get("label")).containsExactly("com.example=1");
    assertThat(f.get("status")).containsExactly("running");
  }

  @Test
  void ofArgsGroupsRepeatedKeys() {
    Filters f = Filters.ofArgs(List.of("status=running", "status=exited"));

    assertThat(f.get("status")).containsExactly("running", "exited");
  }

  @Test
  void ofArgsLowerCasesAndTrimsLikeTheDockerCli() {
    Filters f = Filters.ofArgs(List.of(" Status = running "));

    assertThat(f.get("status")).containsExactly("running");
  }

  @Test
  void ofArgsRejectsAWordWithoutEquals() {
    assertThatThrownBy(() -> Filters.ofArgs(List.of("running")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad format of filter (expected name=value)");
  }

  @Test
  void toJsonWritesTheCurrentShapeWhichParsesBack() {
    Filters f = Filters.ofArgs(List.of("label=a=b", "dangling=true"));

    String json = f.toJson();

    assertThat(json).isEqualTo("{\"label\":{\"a=b\":true},\"dangling\":{\"true\":true}}");
    assertThat(Filters.parse(json).get("label")).containsExactly("a=b");
  }

  @Test
  void requireKnownAcceptsKnownKeys() {
    Filters.parse("{\"status\":[\"running\"]}").requireKnown(Set.of("status", "label"));
  }

  @Test
  void requireKnownRejectsAnUnknownKeyWithDockersMessage() {
    Filters f = Filters.parse("{\"foo\":[\"bar\"]}");

    assertThatThrownBy(() -> f.requireKnown(Set.of("status")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid filter 'foo'");
  }

  @Test
  void labelKeyAloneNeedsTheKeyPresent() {
    Filters f = Filters.ofArgs(List.of("label=app"));

    assertThat(f.matchesLabels("label", Map.of("app", "web"))).isTrue();
    assertThat(f.matchesLabels("label", Map.of("app", ""))).isTrue();
    assertThat(f.matchesLabels("label", Map.of("tier", "web"))).isFalse();
  }

  @Test
  void labelKeyEqualsValueNeedsThatValue() {
    Filters f = Filters.ofArgs(List.of("label=app=web"));

    assertThat(f.matchesLabels("label", Map.of("app", "web"))).isTrue();
    assertThat(f.matchesLabels("label", Map.of("app", "db"))).isFalse();
    assertThat(f.matchesLabels("label", Map.of())).isFalse();
  }

  @Test
  void labelValueMayContainEqualsSigns() {
    Filters f = Filters.ofArgs(List.of("label=url=a=b"));

    assertThat(f.matchesLabels("label", Map.of("url", "a=b"))).isTrue();
  }

  @Test
  void labelValueMayContainNotEqualsAfterTheFirstEquals() {
    Filters f = Filters.ofArgs(List.of("label=expr=a!=b"));

    assertThat(f.matchesLabels("label", Map.of("expr", "a!=b"))).isTrue();
    assertThat(f.matchesLabels("label", Map.of("expr", "other"))).isFalse();
  }

  @Test
  void labelKeyNotEqualsValueNeedsItAbsentOrDifferent() {
    Filters f = Filters.ofArgs(List.of("label=app!=web"));

    assertThat(f.matchesLabels("label", Map.of("app", "db"))).isTrue();
    assertThat(f.matchesLabels("label", Map.of())).isTrue();
    assertThat(f.matchesLabels("label", Map.of("app", "web"))).isFalse();
  }

  @Test
  void everyLabelFilterMustMatch() {
    Filters f = Filters.ofArgs(List.of("label=app=web", "label=tier"));

    assertThat(f.matchesLabels("label", Map.of("app", "web", "tier", "front"))).isTrue();
    assertThat(f.matchesLabels("label", Map.of("app", "web"))).isFalse();
  }

  @Test
  void noLabelFilterMatchesAnything() {
    assertThat(Filters.empty().matchesLabels("label", Map.of())).isTrue();
  }
}
