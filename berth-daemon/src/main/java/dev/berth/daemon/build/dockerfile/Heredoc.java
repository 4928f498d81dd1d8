package dev.berth.daemon.build.dockerfile;

/**
 * An inline document ({@code <<EOF ... EOF}) attached to RUN, COPY or ADD. BuildKit supports them
 * and Docker's classic builder does not; Berth does, so Dockerfiles written for BuildKit build
 * unchanged.
 *
 * @param name the terminator word, quotes removed ({@code EOF})
 * @param body the lines between the instruction and the terminator, line endings kept, leading tabs
 *     not yet removed
 * @param expand false when the terminator was quoted ({@code <<"EOF"} or {@code <<'EOF'}): the
 *     body is then taken literally, otherwise variables in it are expanded
 * @param chomp true for {@code <<-EOF}: leading tabs are removed from each line
 * @param fd the file descriptor written before {@code <<} ({@code 3<<EOF}), 0 when none
 */
public record Heredoc(String name, String body, boolean expand, boolean chomp, int fd) {

  /** The body as the file or script should contain it: leading tabs removed for {@code <<-}. */
  public String text() {
    return chomp ? body.replaceAll("(?m)^\t+", "") : body;
  }
}
