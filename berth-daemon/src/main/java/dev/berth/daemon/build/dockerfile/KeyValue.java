package dev.berth.daemon.build.dockerfile;

/**
 * One {@code key=value} of ENV or LABEL, unexpanded and with its quotes as written: expansion
 * (which also removes the quotes) happens at build time with the stage's environment.
 *
 * @param key the name as written
 * @param value the value as written
 * @param legacy true for the old {@code ENV key value} form, whose value is the rest of the line
 */
public record KeyValue(String key, String value, boolean legacy) {}
