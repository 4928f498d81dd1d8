package dev.berth.cli.command.system;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.Template;
import java.util.List;
import java.util.Map;

/** {@code berth info}: the fields of {@code GET /info} that docker's info prints, in its layout. */
public final class InfoCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth info [OPTIONS]", "Display system-wide information",
        new Options().value('f', "format", "string", "Format output using a custom template"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String format = args.value("format");
    if (format != null && !format.isEmpty()) {
      Object info = ctx.client().getJson("/info");
      String f = format.equals("json") ? "{{json .}}" : format;
      ctx.out().println(Template.parse(f).execute(info));
      return 0;
    }
    ctx.out().print("Client:\n Version:    " + VersionCommand.CLIENT_VERSION + "\n Context:    default\n Debug Mode: false\n\n");
    ctx.out().flush();
    Map<?, ?> i = (Map<?, ?>) ctx.client().getJson("/info");
    ctx.out().print(render(i));
    return 0;
  }

  static String render(Map<?, ?> i) {
    StringBuilder sb = new StringBuilder("Server:\n");
    line(sb, " Containers: ", i.get("Containers"));
    line(sb, "  Running: ", i.get("ContainersRunning"));
    line(sb, "  Paused: ", i.get("ContainersPaused"));
    line(sb, "  Stopped: ", i.get("ContainersStopped"));
    line(sb, " Images: ", i.get("Images"));
    line(sb, " Server Version: ", i.get("ServerVersion"));
    line(sb, " Storage Driver: ", i.get("Driver"));
    line(sb, " Logging Driver: ", i.get("LoggingDriver"));
    line(sb, " Cgroup Driver: ", i.get("CgroupDriver"));
    line(sb, " Cgroup Version: ", i.get("CgroupVersion"));
    if (i.get("Runtimes") instanceof Map<?, ?> rt && !rt.isEmpty()) {
      sb.append(" Runtimes: ").append(String.join(" ", rt.keySet().stream().map(String::valueOf).sorted().toList())).append('\n');
    }
    line(sb, " Default Runtime: ", i.get("DefaultRuntime"));
    line(sb, " Kernel Version: ", i.get("KernelVersion"));
    line(sb, " Operating System: ", i.get("OperatingSystem"));
    line(sb, " OSType: ", i.get("OSType"));
    line(sb, " Architecture: ", i.get("Architecture"));
    line(sb, " CPUs: ", i.get("NCPU"));
    if (i.get("MemTotal") instanceof Number n) {
      sb.append(" Total Memory: ").append(bytesSize(n.doubleValue())).append('\n');
    }
    line(sb, " Name: ", i.get("Name"));
    line(sb, " ID: ", i.get("ID"));
    line(sb, " Docker Root Dir: ", i.get("DockerRootDir"));
    sb.append(" Debug Mode: ").append(Boolean.TRUE.equals(i.get("Debug"))).append('\n');
    if (i.get("Labels") instanceof List<?> labels && !labels.isEmpty()) {
      sb.append(" Labels:\n");
      for (Object l : labels) {
        sb.append("  ").append(l).append('\n');
      }
    }
    sb.append(" Experimental: ").append(Boolean.TRUE.equals(i.get("ExperimentalBuild"))).append('\n');
    registries(sb, i.get("RegistryConfig"));
    sb.append(" Live Restore Enabled: ").append(Boolean.TRUE.equals(i.get("LiveRestoreEnabled"))).append('\n');
    if (i.get("DefaultBridge") instanceof java.util.Map<?, ?> b) {
      sb.append(" Default Bridge: ").append(b.get("Name")).append(' ').append(b.get("Subnet")).append(" (gateway ")
          .append(b.get("Gateway")).append(")\n");
    }
    if (i.get("DefaultAddressPools") instanceof List<?> pools && !pools.isEmpty()) {
      sb.append(" Default Address Pools:\n");
      for (Object o : pools) {
        if (o instanceof java.util.Map<?, ?> p) {
          sb.append("   Base: ").append(p.get("Base")).append(", Size: ").append(p.get("Size")).append('\n');
        }
      }
    }
    if (i.get("Warnings") instanceof List<?> w && !w.isEmpty()) {
      sb.append('\n');
      for (Object o : w) {
        sb.append(o).append('\n');
      }
    }
    return sb.toString();
  }

  /** Insecure registries (named ones, then CIDRs) and mirrors, as docker info lists them. */
  private static void registries(StringBuilder sb, Object config) {
    if (!(config instanceof Map<?, ?> rc)) {
      return;
    }
    List<?> cidrs = rc.get("InsecureRegistryCIDRs") instanceof List<?> l ? l : List.of();
    Map<?, ?> indexes = rc.get("IndexConfigs") instanceof Map<?, ?> m ? m : Map.of();
    if (!cidrs.isEmpty() || !indexes.isEmpty()) {
      sb.append(" Insecure Registries:\n");
      for (Object o : indexes.values()) {
        if (o instanceof Map<?, ?> index && Boolean.FALSE.equals(index.get("Secure"))) {
          sb.append("  ").append(index.get("Name")).append('\n');
        }
      }
      for (Object c : cidrs) {
        sb.append("  ").append(c).append('\n');
      }
    }
    if (rc.get("Mirrors") instanceof List<?> mirrors && !mirrors.isEmpty()) {
      sb.append(" Registry Mirrors:\n");
      for (Object m : mirrors) {
        sb.append("  ").append(m).append('\n');
      }
    }
  }

  private static void line(StringBuilder sb, String label, Object v) {
    if (v != null) {
      sb.append(label).append(v).append('\n');
    }
  }

  /** go-units BytesSize: binary units, four significant digits ("7.667GiB"). */
  static String bytesSize(double size) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    int u = 0;
    while (size >= 1024 && u < units.length - 1) {
      size /= 1024;
      u++;
    }
    java.math.BigDecimal bd = new java.math.BigDecimal(size).round(new java.math.MathContext(4));
    String s = bd.stripTrailingZeros().toPlainString();
    return s + units[u];
  }
}
