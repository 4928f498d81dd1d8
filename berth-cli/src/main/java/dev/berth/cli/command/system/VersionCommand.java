package dev.berth.cli.command.system;

import dev.berth.api.ApiVersion;
import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.CannotConnectException;
import dev.berth.cli.command.CliError;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code berth version}: the Client section, then the Server section from {@code GET /version},
 * laid out as docker's. Without a daemon the client section still prints before the error.
 */
public final class VersionCommand implements Command {
  public static final String CLIENT_VERSION = "0.1.0";
  public static final String GIT_COMMIT = "berth";

  @Override
  public Spec spec() {
    return new Spec("berth version [OPTIONS]", "Show the Berth version information",
        new Options().value('f', "format", "string", "Format output using a custom template"), 0, 0);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String format = args.value("format");
    Map<String, Object> client = clientInfo();
    if (format == null || format.isEmpty()) {
      ctx.out().print(clientSection(client));
      ctx.out().flush();
      Object server;
      try {
        server = ctx.client().getJson("/version");
      } catch (CannotConnectException e) {
        throw new CliError(dev.berth.cli.Main.cannotConnect(ctx), 1);
      }
      ctx.out().println();
      ctx.out().print(serverSection(server));
      return 0;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Client", client);
    Template t = Template.parse(format);
    try {
      data.put("Server", ctx.client().getJson("/version"));
    } catch (CannotConnectException e) {
      data.put("Server", null);
      ctx.out().println(t.execute(data));
      throw new CliError(dev.berth.cli.Main.cannotConnect(ctx), 1);
    }
    ctx.out().println(t.execute(data));
    return 0;
  }

  public static Map<String, Object> clientInfo() {
    Map<String, Object> c = new LinkedHashMap<>();
    Map<String, Object> platform = new LinkedHashMap<>();
    platform.put("Name", "");
    c.put("Platform", platform);
    c.put("Version", CLIENT_VERSION);
    c.put("ApiVersion", ApiVersion.CURRENT.toString());
    c.put("DefaultAPIVersion", ApiVersion.CURRENT.toString());
    c.put("JavaVersion", Runtime.version().toString());
    c.put("GitCommit", GIT_COMMIT);
    c.put("Os", "linux");
    c.put("Arch", arch());
    c.put("Context", "default");
    return c;
  }

  static String arch() {
    String a = System.getProperty("os.arch", "amd64");
    return switch (a) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> a;
    };
  }

  public static String clientSection(Map<String, Object> c) {
    return "Client:\n"
        + " Version:           " + c.get("Version") + "\n"
        + " API version:       " + c.get("ApiVersion") + "\n"
        + " Java version:      " + c.get("JavaVersion") + "\n"
        + " Git commit:        " + c.get("GitCommit") + "\n"
        + " OS/Arch:           " + c.get("Os") + "/" + c.get("Arch") + "\n"
        + " Context:           " + c.get("Context") + "\n";
  }

  static String serverSection(Object server) {
    Map<?, ?> s = server instanceof Map<?, ?> m ? m : Map.of();
    StringBuilder sb = new StringBuilder("Server:");
    if (s.get("Platform") instanceof Map<?, ?> p && p.get("Name") instanceof String name && !name.isEmpty()) {
      sb.append(' ').append(name);
    }
    sb.append('\n');
    List<?> components = s.get("Components") instanceof List<?> l ? l : List.of();
    boolean engineListed = false;
    for (Object o : components) {
      if (o instanceof Map<?, ?> comp && "Engine".equals(comp.get("Name"))) {
        engineListed = true;
      }
    }
    if (!engineListed) {
      engine(sb, s);
    }
    for (Object o : components) {
      if (!(o instanceof Map<?, ?> comp)) {
        continue;
      }
      if ("Engine".equals(comp.get("Name"))) {
        engine(sb, s);
        continue;
      }
      sb.append(' ').append(comp.get("Name")).append(":\n");
      sb.append("  Version:          ").append(str(comp.get("Version"))).append('\n');
      if (comp.get("Details") instanceof Map<?, ?> d) {
        for (Map.Entry<?, ?> e : d.entrySet()) {
          String key = e.getKey() + ":";
          sb.append("  ").append(key).append(" ".repeat(Math.max(1, 18 - key.length()))).append(str(e.getValue())).append('\n');
        }
      }
    }
    return sb.toString();
  }

  private static void engine(StringBuilder sb, Map<?, ?> s) {
    sb.append(" Engine:\n");
    sb.append("  Version:          ").append(str(s.get("Version"))).append('\n');
    sb.append("  API version:      ").append(str(s.get("ApiVersion"))).append(" (minimum version ")
        .append(str(s.get("MinAPIVersion"))).append(")\n");
    if (s.get("GoVersion") != null) {
      sb.append("  Go version:       ").append(str(s.get("GoVersion"))).append('\n');
    }
    sb.append("  Git commit:       ").append(str(s.get("GitCommit"))).append('\n');
    sb.append("  Built:            ").append(str(s.get("BuildTime"))).append('\n');
    sb.append("  OS/Arch:          ").append(str(s.get("Os"))).append('/').append(str(s.get("Arch"))).append('\n');
    sb.append("  Experimental:     ").append(s.get("Experimental") == null ? "false" : str(s.get("Experimental"))).append('\n');
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }
}
