package dev.berth.compose.command;

import dev.berth.cli.command.container.ContainerRow;
import dev.berth.cli.format.TemplateObject;
import dev.berth.compose.engine.Labels;
import dev.berth.compose.engine.ProjectContainers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One {@code compose ps} row: docker's container fields plus compose's Name, Service and Project. */
final class PsRow implements TemplateObject {
  static final String TABLE = "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}";
  static final Map<String, String> HEADERS = Map.of("Name", "NAME", "Image", "IMAGE", "Command", "COMMAND", "Service",
      "SERVICE", "RunningFor", "CREATED", "Status", "STATUS", "Ports", "PORTS", "ID", "CONTAINER ID", "State", "STATE",
      "Project", "PROJECT");

  private final Map<String, Object> c;
  private final ContainerRow row;

  PsRow(Map<String, Object> c, long now) {
    this.c = c;
    this.row = new ContainerRow(c, true, now);
  }

  @Override
  public Object field(String name, List<Object> args) {
    return switch (name) {
      case "Name" -> ProjectContainers.name(c);
      case "Service" -> ProjectContainers.service(c);
      case "Project" -> ProjectContainers.label(c, Labels.PROJECT);
      case "Health" -> health();
      case "ExitCode" -> exitCode();
      case "Publishers" -> List.of();
      default -> row.field(name, args);
    };
  }

  private String health() {
    String s = String.valueOf(c.get("Status"));
    if (s.contains("(healthy)")) {
      return "healthy";
    }
    if (s.contains("(unhealthy)")) {
      return "unhealthy";
    }
    return s.contains("(health: starting)") ? "starting" : "";
  }

  private long exitCode() {
    String s = String.valueOf(c.get("Status"));
    int open = s.indexOf("Exited (");
    if (open < 0) {
      return 0;
    }
    try {
      return Long.parseLong(s.substring(open + 8, s.indexOf(')', open)));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Command", row.field("Command", List.of()));
    m.put("CreatedAt", row.field("CreatedAt", List.of()));
    m.put("ExitCode", exitCode());
    m.put("Health", health());
    m.put("ID", row.field("ID", List.of()));
    m.put("Image", row.field("Image", List.of()));
    m.put("Labels", row.field("Labels", List.of()));
    m.put("Name", ProjectContainers.name(c));
    m.put("Names", row.field("Names", List.of()));
    m.put("Ports", row.field("Ports", List.of()));
    m.put("Project", ProjectContainers.label(c, Labels.PROJECT));
    m.put("RunningFor", row.field("RunningFor", List.of()));
    m.put("Service", ProjectContainers.service(c));
    m.put("State", row.field("State", List.of()));
    m.put("Status", row.field("Status", List.of()));
    return m;
  }
}
