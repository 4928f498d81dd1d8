package dev.berth.daemon.scan;

import java.io.IOException;
import java.util.List;

/**
 * Reads one kind of package database (dpkg's status, apk's installed, ...) from a file source. A
 * cataloguer is run on the merged image for the final package list and on each layer alone for
 * attribution, so it must read only the files it is given and report damage as warnings, never
 * fail: a malformed entry is skipped and the rest still count.
 */
interface Cataloguer {
  List<FoundPackage> read(FileSource files, Distro distro, List<String> warnings) throws IOException;
}
