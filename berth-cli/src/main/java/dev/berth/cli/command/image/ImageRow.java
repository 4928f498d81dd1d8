package dev.berth.cli.command.image;

import dev.berth.cli.format.Human;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.format.TemplateObject;
import dev.berth.cli.format.Text;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One REPOSITORY:TAG row of {@code berth images}, with docker's image formatter fields. */
public final class ImageRow implements TemplateObject {
  static final String DEFAULT_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
  static final String DIGEST_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
  static final Map<String, String> HEADERS = Map.of("Repository", "REPOSITORY", "Tag", "TAG", "ID", "IMAGE ID",
      "CreatedSince", "CREATED", "CreatedAt", "CREATED AT", "Size", "SIZE", "Digest", "DIGEST", "Containers", "CONTAINERS",
      "SharedSize", "SHARED SIZE", "UniqueSize", "UNIQUE SIZE");

  private final Map<?, ?> image;
  private final String repository;
  private final String tag;
  private final String digest;
  private final boolean trunc;
  private final long now;

  ImageRow(Map<?, ?> image, String repository, String tag, String digest, boolean trunc, long now) {
    this.image = image;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
    this.trunc = trunc;
    this.now = now;
  }

  /** The rows of one image: one per tag; a dangling image is a single {@code <none>} row. */
  static List<ImageRow> rows(Map<?, ?> image, boolean trunc, long now) {
    List<ImageRow> out = new ArrayList<>();
    List<String> tags = strings(image.get("RepoTags"));
    List<String> digests = strings(image.get("RepoDigests"));
    tags.remove("<none>:<none>");
    digests.remove("<none>@<none>");
    for (String t : tags) {
      int colon = t.lastIndexOf(':');
      String repo = colon > t.lastIndexOf('/') ? t.substring(0, colon) : t;
      String tag = colon > t.lastIndexOf('/') ? t.substring(colon + 1) : "<none>";
      out.add(new ImageRow(image, repo, tag, digestFor(repo, digests), trunc, now));
    }
    if (out.isEmpty()) {
      if (!digests.isEmpty()) {
        for (String d : digests) {
          int at = d.indexOf('@');
          out.add(new ImageRow(image, at < 0 ? d : d.substring(0, at), "<none>", at < 0 ? "<none>" : d.substring(at + 1), trunc, now));
        }
      } else {
        out.add(new ImageRow(image, "<none>", "<none>", "<none>", trunc, now));
      }
    }
    return out;
  }

  private static String digestFor(String repo, List<String> digests) {
    for (String d : digests) {
      if (d.startsWith(repo + "@")) {
        return d.substring(repo.length() + 1);
      }
    }
    return "<none>";
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object x : l) {
        out.add(String.valueOf(x));
      }
    }
    return out;
  }

  @Override
  public Object field(String name, List<Object> args) {
    return switch (name) {
      case "ID" -> trunc ? Text.shortId(str("Id")) : str("Id");
      case "Repository" -> repository;
      case "Tag" -> tag;
      case "Digest" -> digest;
      case "CreatedSince" -> created() == 0 ? "N/A" : Human.ago(created(), now);
      case "CreatedAt" -> DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z")
          .format(Instant.ofEpochSecond(created()).atZone(ZoneId.systemDefault()));
      case "Size" -> Human.size(num("Size"));
      case "Containers" -> num("Containers") < 0 ? "N/A" : String.valueOf(num("Containers"));
      case "SharedSize" -> num("SharedSize") < 0 ? "N/A" : Human.size(num("SharedSize"));
      case "UniqueSize" -> num("SharedSize") < 0 ? "N/A" : Human.size(num("Size") - num("SharedSize"));
      case "VirtualSize" -> Human.size(num("Size"));
      default -> throw new TemplateException("template: :1: can't evaluate field " + name + " in type *formatter.imageContext");
    };
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f : List.of("Containers", "CreatedAt", "CreatedSince", "Digest", "ID", "Repository", "SharedSize", "Size",
        "Tag", "UniqueSize", "VirtualSize")) {
      m.put(f, field(f, List.of()));
    }
    return m;
  }

  String id() {
    return (String) field("ID", List.of());
  }

  private long created() {
    return num("Created");
  }

  private String str(String key) {
    Object v = image.get(key);
    return v == null ? "" : String.valueOf(v);
  }

  private long num(String key) {
    return image.get(key) instanceof Number n ? n.longValue() : 0L;
  }
}
