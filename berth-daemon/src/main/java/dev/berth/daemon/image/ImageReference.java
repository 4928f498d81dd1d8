package dev.berth.daemon.image;

import dev.berth.daemon.util.Messages;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference as users write them ({@code busybox}, {@code busybox:1.36},
 * {@code localhost:5000/team/app:v2}, {@code app@sha256:...}, {@code app:v2@sha256:...}), parsed
 * by Docker's rules: the first path component is a registry only if it contains a dot or a colon,
 * is {@code localhost}, or has upper-case letters; otherwise the registry is Docker Hub
 * ({@code docker.io}), where one-component names live under {@code library/}.
 *
 * <p>{@link #repository()} is the familiar form Docker shows and stores tags under (Docker Hub's
 * {@code docker.io/library/} prefix dropped); {@link #domain()} and {@link #remotePath()} are what a
 * registry client needs. {@link #tag()} is {@code latest} when neither a tag nor a digest was
 * given, and null for a reference by digest alone.
 */
public record ImageReference(String repository, String tag, String digest) {
  public static final String DOCKER_HUB = "docker.io";
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern DOMAIN = Pattern.compile(
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*"
          + "|\\[[0-9a-fA-F:.]+\\]");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern ANY_DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public ImageReference(String repository, String tag) {
    this(repository, tag, null);
  }

  public static ImageReference parse(String text) {
    if (text == null || text.isEmpty()) {
      throw invalid("invalid reference format: repository name must have at least one component");
    }
    String name = text;
    String digest = null;
    int at = name.indexOf('@');
    if (at >= 0) {
      digest = name.substring(at + 1);
      name = name.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw invalid(ANY_DIGEST.matcher(digest).matches()
            ? "unsupported digest algorithm: " + text
            : "invalid reference format: invalid digest \"" + digest + "\"");
      }
    }
    String tag = null;
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      tag = name.substring(colon + 1);
      name = name.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw invalid("invalid reference format: invalid tag \"" + tag + "\"");
      }
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return new ImageReference(familiar(name, text), tag, digest);
  }

  /** Parses a repository that may not carry a tag of its own, with {@code tag} given apart. */
  public static ImageReference of(String repository, String tag) {
    if (tag == null || tag.isEmpty()) {
      return parse(repository);
    }
    if (!TAG.matcher(tag).matches()) {
      throw invalid("invalid tag format: " + tag);
    }
    if (repository.contains("@")) {
      throw invalid("refusing to create a tag with a digest reference");
    }
    return new ImageReference(familiar(repository, repository), tag, null);
  }

  /**
   * A reference from the pull API's two parameters: {@code fromImage} may carry a tag or digest
   * itself; {@code tag} may be a tag or a digest ({@code docker pull x@sha256:...} sends it so).
   */
  public static ImageReference forPull(String fromImage, String tag) {
    String name = fromImage.endsWith(":") ? fromImage.substring(0, fromImage.length() - 1) : fromImage;
    if (tag == null || tag.isEmpty()) {
      return parse(name);
    }
    return parse(name + (tag.contains(":") ? "@" : ":") + tag);
  }

  private static String familiar(String name, String original) {
    // in familiar, so that of() (tag, commit) refuses it too: parse() could never read it back
    if (HEX64.matcher(name).matches()) {
      throw invalid("invalid repository name (" + name
          + "), cannot specify 64-byte hexadecimal strings");
    }
    if (name.length() > 255) {
      throw invalid("invalid reference format: repository name must not be more than 255 characters");
    }
    int slash = name.indexOf('/');
    String domain = null;
    String rest = name;
    if (slash > 0) {
      String first = name.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")
          || !first.toLowerCase(Locale.ROOT).equals(first)) {
        domain = first;
        rest = name.substring(slash + 1);
      }
    }
    if (domain != null) {
      String host = domain;
      int colon = host.lastIndexOf(':');
      if (colon > host.lastIndexOf(']')) {
        String port = host.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}")) {
          throw invalid("invalid reference format: invalid port in \"" + original + "\"");
        }
        host = host.substring(0, colon);
      }
      if (!DOMAIN.matcher(host).matches()) {
        throw invalid("invalid reference format: invalid registry \"" + domain + "\"");
      }
    }
    for (String c : rest.split("/", -1)) {
      if (!COMPONENT.matcher(c).matches()) {
        throw invalid(!c.isEmpty() && COMPONENT.matcher(c.toLowerCase(Locale.ROOT)).matches()
            ? "invalid reference format: repository name (" + rest + ") must be lowercase"
            : "invalid reference format: repository name (" + original + ") must contain only [a-z0-9._-]");
      }
    }
    if (domain == null || domain.equals(DOCKER_HUB) || domain.equals("index.docker.io")) {
      if (rest.startsWith("library/") && rest.indexOf('/', 8) < 0) {
        rest = rest.substring(8);
      }
      int first = rest.indexOf('/');
      if (first > 0 && looksLikeDomain(rest.substring(0, first))) {
        // index.docker.io/docker.io/x is the Hub repository docker.io/x: written without its
        // domain it would read back as the repository x of the registry docker.io
        return DOCKER_HUB + "/" + rest;
      }
      return rest;
    }
    return domain + "/" + rest;
  }

  /** A refusal on one line: the text quoted comes from a request or an archive and may hold line breaks. */
  private static IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException(Messages.oneLine(message));
  }

  private static boolean looksLikeDomain(String component) {
    return component.contains(".") || component.contains(":") || component.equals("localhost")
        || !component.toLowerCase(Locale.ROOT).equals(component);
  }

  /** Whether the text names a tag itself ({@code busybox:1.36}) rather than a repository alone. */
  public static boolean hasTag(String text) {
    String name = text.contains("@") ? text.substring(0, text.indexOf('@')) : text;
    return name.lastIndexOf(':') > name.lastIndexOf('/');
  }

  /** The registry: {@code docker.io} for Docker Hub, else the host[:port] written. */
  public String domain() {
    int slash = repository.indexOf('/');
    if (slash > 0) {
      String first = repository.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")
          || !first.toLowerCase(Locale.ROOT).equals(first)) {
        return first;
      }
    }
    return DOCKER_HUB;
  }

  /** The repository's name on its registry ({@code library/busybox}, {@code team/app}). */
  public String remotePath() {
    String domain = domain();
    if (!domain.equals(DOCKER_HUB)) {
      return repository.substring(domain.length() + 1);
    }
    String path = repository.startsWith(DOCKER_HUB + "/") ? repository.substring(DOCKER_HUB.length() + 1) : repository;
    return path.contains("/") ? path : "library/" + path;
  }

  /** The repository with its registry ({@code docker.io/library/busybox}). */
  public String fullRepository() {
    return domain() + "/" + remotePath();
  }

  /** The fully qualified form ({@code docker.io/library/busybox:latest}) OCI annotations use. */
  public String fullName() {
    return fullRepository() + suffix();
  }

  public ImageReference withTag(String newTag) {
    return new ImageReference(repository, newTag, null);
  }

  public ImageReference withDigest(String newDigest) {
    return new ImageReference(repository, null, newDigest);
  }

  /** Whether this names a manifest by digest (a tag beside it is then ignored, as Docker does). */
  public boolean isDigest() {
    return digest != null;
  }

  private String suffix() {
    return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }

  @Override
  public String toString() {
    return repository + suffix();
  }
}
