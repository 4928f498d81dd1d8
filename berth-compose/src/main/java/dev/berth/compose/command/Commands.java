package dev.berth.compose.command;

/** The compose sub-commands by name; a switch so that only the chosen command's class loads. */
public final class Commands {
  private Commands() {}

  public static ComposeCommand find(String word) {
    return switch (word) {
      case "up" -> new UpCommand();
      case "down" -> new DownCommand();
      case "ps" -> new PsCommand();
      case "logs" -> new LogsCommand();
      case "config", "convert" -> new ConfigCommand();
      case "version" -> new VersionCommand();
      case "create" -> UpCommand.create();
      case "start", "stop", "restart", "kill", "pause", "unpause", "rm" -> new LifecycleCommand(word);
      case "build" -> new BuildCommand();
      case "pull" -> new PullCommand();
      case "push" -> new PushCommand();
      case "exec" -> new ExecCommand();
      case "run" -> new RunCommand();
      case "top" -> new TopCommand();
      case "images" -> new ImagesCommand();
      case "ls" -> new LsCommand();
      case "port" -> new PortCommand();
            default -> null;
    };
  }

  public static String overview() {
    return """

        Usage:  docker compose [OPTIONS] COMMAND

        Define and run multi-container applications with Docker (Berth's compose)

        Options:
              --env-file stringArray       Specify an alternate environment file
          -f, --file stringArray           Compose configuration files
              --profile stringArray        Specify a profile to enable
              --project-directory string   Specify an alternate working directory
          -p, --project-name string        Project name

        Commands:
          build       Build or rebuild services
          config      Parse, resolve and render compose file in canonical format
          create      Creates containers for a service
          down        Stop and remove containers, networks
          exec        Execute a command in a running container
          images      List images used by the created containers
          kill        Force stop service containers
          logs        View output from containers
          ls          List running compose projects
          pause       Pause services
          port        Print the public port for a port binding
          ps          List containers
          pull        Pull service images
          push        Push service images
          restart     Restart service containers
          rm          Removes stopped service containers
          run         Run a one-off command on a service
          start       Start services
          stop        Stop services
          top         Display the running processes
          unpause     Unpause services
          up          Create and start containers
          version     Show the Docker Compose version information

        Run 'docker compose COMMAND --help' for more information on a command.
        """;
  }
}
