package dev.berth.daemon.image;

import java.util.regex.Pattern;

/**
 * A repository and tag as users write them ({@code busybox}, {@code busybox:1.36},
 * {@code localhost:5000/team/app:v2}), in Docker's familiar form: Docker Hub's
 * {@code docker.io/library/} prefix is dropped, the tag defaults to {@code latest}.
 */
public record ImageReference(String repository, String tag) {
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  public static ImageReference parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("invalid reference format: repository name must have at least one component");
    }
    String name = text;
    int at = name.indexOf('@');
    if (at >= 0) {
      throw new IllegalArgumentException("invalid reference format: digest references are not supported yet: " + text);
    }
    String tag = "latest";
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      tag = name.substring(colon + 1);
      name = name.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("invalid reference format: invalid tag \"" + tag + "\"");
      }
    }
    return new ImageReference(familiar(name, text), tag);
  }

  /** Parses a repository that may not carry a tag of its own, with {@code tag} given apart. */
  public static ImageReference of(String repository, String tag) {
    if (tag == null || tag.isEmpty()) {
      return parse(repository);
    }
    if (!TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("invalid tag format: " + tag);
    }
    return new ImageReference(familiar(repository, repository), tag);
  }

  private static String familiar(String name, String original) {
    String[] parts = name.split("/");
    int start = 0;
    if (parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
      start = 1; // a registry host
      if (parts[0].equals("docker.io") || parts[0].equals("index.docker.io")) {
        name = name.substring(parts[0].length() + 1);
        if (name.startsWith("library/") && name.indexOf('/', 8) < 0) {
          name = name.substring(8);
        }
        start = -1;
      }
    } else if (parts.length == 2 && parts[0].equals("library")) {
      name = parts[1];
    }
    String[] check = name.split("/");
    for (int i = Math.max(start, 0); i < check.length; i++) {
      if (!COMPONENT.matcher(check[i]).matches()) {
        throw new IllegalArgumentException("invalid reference format: repository name (" + original
            + ") must be lowercase and contain only [a-z0-9._-]");
      }
    }
    return name;
  }

  /** Whether the text names a tag itself ({@code busybox:1.36}) rather than a repository alone. */
  public static boolean hasTag(String text) {
    return text.lastIndexOf(':') > text.lastIndexOf('/');
  }

  /** The fully qualified form ({@code docker.io/library/busybox:latest}) OCI annotations use. */
  public String fullName() {
    String first = repository.split("/")[0];
    boolean hasHost = repository.contains("/") && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    if (hasHost) {
      return toString();
    }
    return (repository.contains("/") ? "docker.io/" : "docker.io/library/") + toString();
  }

  @Override
  public String toString() {
    return repository + ":" + tag;
  }
}
