package dev.berth.compose.command;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.json.Json;
import dev.berth.compose.load.CanonicalYaml;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** {@code compose config}: the merged, interpolated, canonical model, or one list out of it. */
final class ConfigCommand implements ComposeCommand {
  @Override
  public String usage() {
    return "config [OPTIONS] [SERVICE...]";
  }

  @Override
  public String description() {
    return "Parse, resolve and render compose file in canonical format";
  }

  @Override
  public Options options() {
    return new Options()
        .value("format", "string", "Format the output. Values: [yaml | json]")
        .bool('q', "quiet", "Only validate the configuration, don't print anything")
        .bool("services", "Print the service names, one per line.")
        .bool("volumes", "Print the volume names, one per line.")
        .bool("networks", "Print the network names, one per line.")
        .bool("images", "Print the image names, one per line.")
        .bool("profiles", "Print the profile names, one per line.")
        .bool("hash", "Print the service config hash, one per line.")
        .bool("no-interpolate", "Don't interpolate environment variables")
        .bool("no-normalize", "Don't normalize compose model")
        .bool("resolve-image-digests", "Pin image tags to digests")
        .value('o', "output", "string", "Save to file (default to stdout)");
  }

  @Override
  public int run(ComposeContext ctx, ParsedArgs args) throws Exception {
    Project p = ctx.project(args.positional());
    if (args.bool("quiet")) {
      return 0;
    }
    if (args.bool("services")) {
      p.section("services").keySet().forEach(ctx.out()::println);
      return 0;
    }
    if (args.bool("volumes")) {
      p.section("volumes").keySet().forEach(ctx.out()::println);
      return 0;
    }
    if (args.bool("networks")) {
      p.section("networks").keySet().forEach(ctx.out()::println);
      return 0;
    }
    if (args.bool("images")) {
      for (Service s : p.services()) {
        ctx.out().println(s.image());
      }
      return 0;
    }
    if (args.bool("profiles")) {
      Set<String> profiles = new java.util.TreeSet<>();
      for (Service s : p.services()) {
        profiles.addAll(s.profiles());
      }
      profiles.forEach(ctx.out()::println);
      return 0;
    }
    if (args.bool("hash")) {
      for (Service s : p.services()) {
        ctx.out().println(s.name() + " " + dev.berth.compose.engine.ConfigHash.of(s));
      }
      return 0;
    }
    Map<String, Object> model = p.model();
    if (!args.positional().isEmpty()) {
      Set<String> keep = new LinkedHashSet<>(args.positional());
      Map<String, Object> copy = new java.util.LinkedHashMap<>(model);
      Map<String, Object> svcs = new java.util.LinkedHashMap<>(p.section("services"));
      svcs.keySet().retainAll(keep);
      copy.put("services", svcs);
      model = copy;
    }
    String text = "json".equals(args.value("format")) ? Json.write(model) + "\n" : CanonicalYaml.write(model);
    if (args.value("output") != null) {
      java.nio.file.Files.writeString(java.nio.file.Path.of(args.value("output")), text);
    } else {
      ctx.out().print(text);
    }
    return 0;
  }
}
