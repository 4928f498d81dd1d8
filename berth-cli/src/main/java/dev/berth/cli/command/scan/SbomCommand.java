package dev.berth.cli.command.scan;

import dev.berth.cli.args.Options;
import dev.berth.cli.args.ParsedArgs;
import dev.berth.cli.client.Query;
import dev.berth.cli.command.Command;
import dev.berth.cli.command.Context;
import dev.berth.cli.command.Spec;
import dev.berth.cli.format.TabWriter;
import java.util.Map;

/**
 * {@code berth sbom IMAGE}: the packages in an image as a table (package, version, type, layer),
 * or the SBOM document berthd writes ({@code --format json|cyclonedx-json|spdx-json}).
 */
public final class SbomCommand implements Command {
  @Override
  public Spec spec() {
    return new Spec("berth sbom [OPTIONS] IMAGE", "List the packages in an image (its software bill of materials)",
        new Options()
            .value("format", "string", "Output format: table, json, cyclonedx-json or spdx-json (default \"table\")")
            .value('o', "output", "string", "Write the document to a file instead of STDOUT")
            .list("only-package-type", "list", "Only packages of these types (deb, apk, rpm, maven, npm, pypi, golang, cargo)")
            .bool("ignore-base", "Leave out packages from the base image"), 1, 1);
  }

  @Override
  public int run(Context ctx, ParsedArgs args) throws Exception {
    String image = args.positional().get(0);
    String format = args.value("format", "table");
    Query q = ScanApi.filters(Query.path(ScanApi.imagePath(image, "sbom")), args);
    if (!format.equals("table")) {
      ScanApi.copy(ctx, q.param("format", format).build(), args.value("output"));
      return 0;
    }
    Map<String, Object> sbom = ScanApi.json(ctx, q.build());
    ScanApi.warnings(ctx, sbom);
    TabWriter tw = TabWriter.docker();
    tw.write("PACKAGE\tVERSION\tTYPE\tLAYER\n");
    for (Map<String, Object> p : ScanApi.list(sbom.get("packages"))) {
      tw.write(ScanApi.str(p.get("name")) + "\t" + ScanApi.str(p.get("version")) + "\t" + ScanApi.str(p.get("type"))
          + "\t" + ScanApi.layer(sbom, ScanApi.num(p.get("layer")), 60) + "\n");
    }
    ScanApi.write(ctx, tw.flush(), args.value("output"));
    return 0;
  }
}
