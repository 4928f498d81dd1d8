package dev.berth.daemon.cluster;

/** What a {@code service logs} or {@code task logs} request asks for, as the container logs route takes it. */
public record LogQuery(boolean follow, boolean stdout, boolean stderr, String since, boolean timestamps, String tail,
    boolean details) {}
