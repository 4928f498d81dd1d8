package dev.berth.compose.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the command line and the environment say about where the project is: {@code -f} files,
 * {@code -p}, {@code --project-directory}, {@code --env-file}, {@code --profile}, and the process
 * environment (which wins over {@code .env}), and the services named on the command line.
 */
public record LoadOptions(List<String> files, String projectName, Path projectDirectory, List<String> envFiles,
    List<String> profiles, Path cwd, Map<String, String> env, List<String> services) {

  /** The same options with the services named on the command line (they are enabled whatever their profiles). */
  public LoadOptions withServices(List<String> names) {
    return new LoadOptions(files, projectName, projectDirectory, envFiles, profiles, cwd, env, names);
  }
}
