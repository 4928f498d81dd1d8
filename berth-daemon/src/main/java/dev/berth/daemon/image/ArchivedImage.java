package dev.berth.daemon.image;

import java.util.List;

/**
 * One image found in an archive, before import: its config's exact bytes (their digest is the
 * image ID), its layers as archive names (base first, in the order of the config's diff_ids) and
 * the tags the archive gives it, in Docker's familiar form.
 */
record ArchivedImage(byte[] config, List<String> layers, List<String> tags) {}
