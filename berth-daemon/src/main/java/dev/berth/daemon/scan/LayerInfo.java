package dev.berth.daemon.scan;

/** One layer of an image: its position (0 = base), diff ID, and the history line that made it. */
public record LayerInfo(int index, String diffId, String createdBy, String created) {}
