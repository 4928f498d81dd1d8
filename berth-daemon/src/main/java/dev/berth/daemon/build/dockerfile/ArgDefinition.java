package dev.berth.daemon.build.dockerfile;

import java.util.Optional;

/**
 * One name declared by ARG, with its default as written (unexpanded), if it has one. A
 * {@code --build-arg} of the same name overrides the default; without either an ARG in a stage
 * takes the value of the meta ARG of the same name declared before the first FROM.
 */
public record ArgDefinition(String name, Optional<String> defaultValue) {}
