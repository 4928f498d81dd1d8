package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.json.Json;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private final Object data = Json.parse("""
      {"Id":"abc","Name":"/web","State":{"Running":true,"Pid":42,"Status":"running"},
       "Config":{"Image":"busybox","Env":["A=1","B=2"],"Labels":{"z":"1","a":"2"},"Cmd":null},
       "Size":1000000,"Ratio":0.5,"Empty":[]}""");

  private String run(String t) {
    return Template.parse(t).execute(data);
  }

  @Test
  void fieldsAndNesting() {
    assertThat(run("{{.Config.Image}} {{.State.Pid}} {{.State.Running}}")).isEqualTo("busybox 42 true");
    assertThat(run("{{.Size}} {{.Ratio}}")).isEqualTo("1000000 0.5");
  }

  @Test
  void printsMapsAndListsLikeGo() {
    assertThat(run("{{.Config.Labels}}")).isEqualTo("map[a:2 z:1]");
    assertThat(run("{{.Config.Env}}")).isEqualTo("[A=1 B=2]");
    assertThat(run("{{.Config.Cmd}}")).isEqualTo("<nil>");
    assertThat(run("{{.Nope}}")).isEqualTo("<no value>");
  }

  @Test
  void functions() {
    assertThat(run("{{json .Config.Labels}}")).isEqualTo("{\"a\":\"2\",\"z\":\"1\"}");
    assertThat(run("{{json .State}}")).isEqualTo("{\"Running\":true,\"Pid\":42,\"Status\":\"running\"}");
    assertThat(run("{{join .Config.Env \",\"}}")).isEqualTo("A=1,B=2");
    assertThat(run("{{index .Config.Labels \"a\"}}")).isEqualTo("2");
    assertThat(run("{{upper .State.Status}} {{lower \"ABC\"}}")).isEqualTo("RUNNING abc");
    assertThat(run("{{.State.Status | upper}}")).isEqualTo("RUNNING");
    assertThat(run("{{println .Id}}")).isEqualTo("abc\n");
    assertThat(run("{{len .Config.Env}}")).isEqualTo("2");
    assertThat(run("{{printf \"%s-%d\" .Id .State.Pid}}")).isEqualTo("abc-42");
    // as Go's fmt: no exception for a non-number under %f, no giant padding for a giant width
    assertThat(run("{{printf \"%f\" .Id}}")).isEqualTo("%!f(string=abc)");
    assertThat(run("{{printf \"%99999999999s\" .Id}}")).isEqualTo("%!(BADWIDTH)abc");
    assertThat(run("{{printf \"%.9999999f\" .State.Pid}}")).isEqualTo("%!(BADPREC)42.000000");
    // functions given too few or out-of-range arguments fail as template errors, never exceptions
    for (String bad : java.util.List.of("{{printf}}", "{{slice}}", "{{slice .Id 2 99}}", "{{slice .Id -1}}",
        "{{slice .Config.Env 1 0}}", "{{pad .Id -1 0}}", "{{pad .Id 0 99999999}}", "{{truncate .Id -2}}",
        "{{truncate .Id 99999999999}}")) {
      assertThatThrownBy(() -> run(bad)).as(bad).isInstanceOf(TemplateException.class);
    }
    assertThat(run("{{slice .Id 1}}")).isEqualTo("bc");
  }

  @Test
  void controlStructures() {
    assertThat(run("{{if .State.Running}}up{{else}}down{{end}}")).isEqualTo("up");
    assertThat(run("{{if .Empty}}x{{else if eq .Id \"abc\"}}y{{else}}z{{end}}")).isEqualTo("y");
    assertThat(run("{{range .Config.Env}}[{{.}}]{{end}}")).isEqualTo("[A=1][B=2]");
    assertThat(run("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}")).isEqualTo("a=2;z=1;");
    assertThat(run("{{range .Empty}}x{{else}}none{{end}}")).isEqualTo("none");
    assertThat(run("{{with .State}}{{.Pid}}{{end}}")).isEqualTo("42");
    assertThat(run("{{- /* comment */ -}}  {{ .Id -}}  \n")).isEqualTo("abc");
    assertThat(run("{{$x := .Id}}{{$x}}{{$.Name}}")).isEqualTo("abc/web");
  }

  @Test
  void errors() {
    assertThatThrownBy(() -> Template.parse("{{.Id")).isInstanceOf(TemplateException.class);
    assertThatThrownBy(() -> Template.parse("{{nosuch .Id}}")).hasMessageContaining("function \"nosuch\" not defined");
    assertThatThrownBy(() -> Template.parse("{{if .Id}}x")).isInstanceOf(TemplateException.class);
  }
}
