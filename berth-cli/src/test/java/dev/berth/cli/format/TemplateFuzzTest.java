package dev.berth.cli.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.berth.cli.FuzzChecks;
import dev.berth.cli.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code --format} and {@code inspect -f} templates are typed or pasted by users, and the JSON
 * they run over comes from the daemon (labels, names and env from images). The input is the
 * template, optionally followed by a NUL and the JSON document; without one, a container's
 * inspect document is used. The documented refusals are {@link TemplateException} for the
 * template and {@link IllegalArgumentException} for the JSON, both one line; the CLI prints them
 * and exits non-zero.
 */
class TemplateFuzzTest {
  private static final String INSPECT = """
      {"Id":"4f66ad9a0b2e","Name":"/web","State":{"Status":"running","Running":true,"Pid":4242,"ExitCode":0},
       "Config":{"Image":"nginx:1.27","Env":["PATH=/usr/bin","A=b"],"Labels":{"com.example.x":"1","b":""},
       "Cmd":["nginx","-g","daemon off;"],"ExposedPorts":{"80/tcp":{}}},
       "NetworkSettings":{"Networks":{"bridge":{"IPAddress":"172.17.0.2","Aliases":null}},"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}]}},
       "Mounts":[],"SizeRw":1.5e6,"RestartCount":3,"Big":12345678901234567890}""";

  @FuzzTest(maxDuration = "5m")
  void execute(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int nul = text.indexOf('\0');
    String format = nul < 0 ? text : text.substring(0, nul);
    Object data;
    try {
      data = Json.parse(nul < 0 ? INSPECT : text.substring(nul + 1));
    } catch (IllegalArgumentException e) {
      FuzzChecks.requireOneLine(e);
      return;
    }
    Json.write(data);
    Json.writeGo(data);
    Template t;
    try {
      t = Template.parse(format);
    } catch (TemplateException e) {
      FuzzChecks.requireOneLine(e);
      return;
    }
    run(t, data);
    run(t, new Row());
  }

  private static void run(Template t, Object data) {
    try {
      t.execute(data);
    } catch (TemplateException e) {
      FuzzChecks.requireOneLine(e);
    }
  }

  /** A ps-like row: computed fields, a method-style field with an argument. */
  private static final class Row implements TemplateObject {
    @Override
    public Object field(String name, List<Object> args) {
      return switch (name) {
        case "Names" -> "web";
        case "Labels" -> "a=b,c=d";
        case "Label" -> args.isEmpty() ? "" : "v:" + args.get(0);
        case "Ports" -> List.of("0.0.0.0:8080->80/tcp");
        default -> throw new TemplateException("template: :1:2: executing \"\" at <." + name
            + ">: can't evaluate field " + name);
      };
    }

    @Override
    public Map<String, Object> toJson() {
      return Map.of("Names", "web", "Labels", "a=b,c=d");
    }
  }
}
