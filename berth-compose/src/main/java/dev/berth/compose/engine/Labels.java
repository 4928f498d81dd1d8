package dev.berth.compose.engine;

/**
 * compose v2's {@code com.docker.compose.*} labels: with them {@code down}, {@code ps} and
 * {@code logs} find a project's containers, networks and volumes without its file, and docker
 * compose and berth compose can manage the same running project.
 */
public final class Labels {
  private Labels() {}

  public static final String PREFIX = "com.docker.compose.";
  public static final String PROJECT = PREFIX + "project";
  public static final String SERVICE = PREFIX + "service";
  public static final String VERSION = PREFIX + "version";
  public static final String WORKING_DIR = PREFIX + "project.working_dir";
  public static final String CONFIG_FILES = PREFIX + "project.config_files";
  public static final String ENVIRONMENT_FILE = PREFIX + "project.environment_file";
  public static final String ONEOFF = PREFIX + "oneoff";
  public static final String CONFIG_HASH = PREFIX + "config-hash";
  public static final String NUMBER = PREFIX + "container-number";
  public static final String DEPENDS_ON = PREFIX + "depends_on";
  public static final String IMAGE = PREFIX + "image";
  public static final String REPLACE = PREFIX + "replace";
  public static final String NETWORK = PREFIX + "network";
  public static final String VOLUME = PREFIX + "volume";
  public static final String SLUG = PREFIX + "slug";

  /** The compose version written in {@link #VERSION}: the compose v2 release whose behaviour Berth follows. */
  public static final String COMPOSE_VERSION = "2.40.3";

  public static String projectFilter(String project) {
    return PROJECT + "=" + project;
  }
}
