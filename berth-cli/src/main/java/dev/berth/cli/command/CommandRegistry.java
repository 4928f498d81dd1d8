package dev.berth.cli.command;

import dev.berth.cli.command.container.ContainerActionCommand;
import dev.berth.cli.command.container.CreateCommand;
import dev.berth.cli.command.container.AttachCommand;
import dev.berth.cli.command.container.ExecCommand;
import dev.berth.cli.command.container.InspectCommand;
import dev.berth.cli.command.container.LogsCommand;
import dev.berth.cli.command.container.ContainerPruneCommand;
import dev.berth.cli.command.container.PsCommand;
import dev.berth.cli.command.container.RenameCommand;
import dev.berth.cli.command.container.UpdateCommand;
import dev.berth.cli.command.container.RmCommand;
import dev.berth.cli.command.container.RunCommand;
import dev.berth.cli.command.container.StartCommand;
import dev.berth.cli.command.container.PortCommand;
import dev.berth.cli.command.container.TopCommand;
import dev.berth.cli.command.container.WaitCommand;
import dev.berth.cli.command.build.BuildCommand;
import dev.berth.cli.command.build.BuilderPruneCommand;
import dev.berth.cli.command.files.CommitCommand;
import dev.berth.cli.command.files.CpCommand;
import dev.berth.cli.command.files.DiffCommand;
import dev.berth.cli.command.files.ExportCommand;
import dev.berth.cli.command.image.HistoryCommand;
import dev.berth.cli.command.image.ImagePruneCommand;
import dev.berth.cli.command.image.ImagesCommand;
import dev.berth.cli.command.image.ImportCommand;
import dev.berth.cli.command.image.LoadCommand;
import dev.berth.cli.command.image.RmiCommand;
import dev.berth.cli.command.image.SaveCommand;
import dev.berth.cli.command.image.TagCommand;
import dev.berth.cli.command.network.NetworkConnectCommand;
import dev.berth.cli.command.network.NetworkCreateCommand;
import dev.berth.cli.command.network.NetworkDisconnectCommand;
import dev.berth.cli.command.network.NetworkInspectCommand;
import dev.berth.cli.command.network.NetworkLsCommand;
import dev.berth.cli.command.network.NetworkPruneCommand;
import dev.berth.cli.command.network.NetworkRmCommand;
import dev.berth.cli.command.system.InfoCommand;
import dev.berth.cli.command.volume.VolumeCreateCommand;
import dev.berth.cli.command.volume.VolumeInspectCommand;
import dev.berth.cli.command.volume.VolumeLsCommand;
import dev.berth.cli.command.volume.VolumePruneCommand;
import dev.berth.cli.command.volume.VolumeRmCommand;
import dev.berth.cli.command.system.VersionCommand;

/**
 * Maps command words to commands, docker's aliases included ({@code ps} = {@code container ls},
 * {@code rmi} = {@code image rm}). A switch rather than a table of suppliers: only the chosen
 * command's class is loaded, and no lambda bootstrap runs at start-up.
 */
public final class CommandRegistry {
  private CommandRegistry() {}

  /** Management commands that take a sub-command word. */
  public static boolean isGroup(String word) {
    return word.equals("container") || word.equals("image") || word.equals("network") || word.equals("system")
        || word.equals("volume") || word.equals("builder") || word.equals("scout")
        || word.equals("swarm");
  }

  /** The command for a top-level word or {@code group sub}, or null. */
  public static Command find(String path) {
    return switch (path) {
      case "run", "container run" -> new RunCommand();
      case "create", "container create" -> new CreateCommand();
      case "exec", "container exec" -> new ExecCommand();
      case "start", "container start" -> new StartCommand();
      case "attach", "container attach" -> new AttachCommand();
      case "stop", "container stop" -> ContainerActionCommand.stop();
      case "kill", "container kill" -> ContainerActionCommand.kill();
      case "restart", "container restart" -> ContainerActionCommand.restart();
      case "pause", "container pause" -> ContainerActionCommand.pause();
      case "unpause", "container unpause" -> ContainerActionCommand.unpause();
      case "rm", "container rm", "container remove" -> new RmCommand();
      case "ps", "container ls", "container list", "container ps" -> new PsCommand();
      case "logs", "container logs" -> new LogsCommand();
      case "inspect" -> new InspectCommand(null);
      case "container inspect" -> new InspectCommand("container");
      case "image inspect" -> new InspectCommand("image");
      case "top", "container top" -> new TopCommand();
      case "stats", "container stats" -> new dev.berth.cli.command.container.StatsCommand();
      case "events", "system events" -> new dev.berth.cli.command.system.EventsCommand();
      case "port", "container port" -> new PortCommand();
      case "wait", "container wait" -> new WaitCommand();
      case "rename", "container rename" -> new RenameCommand();
      case "update", "container update" -> new UpdateCommand();
      case "container prune" -> new ContainerPruneCommand();
      case "cp", "container cp" -> new CpCommand();
      case "export", "container export" -> new ExportCommand();
      case "diff", "container diff" -> new DiffCommand();
      case "commit", "container commit" -> new CommitCommand();
      case "images", "image ls", "image list" -> new ImagesCommand();
      case "build", "image build", "builder build" -> new BuildCommand();
      case "builder prune" -> new BuilderPruneCommand();
      case "load", "image load" -> new LoadCommand();
      case "save", "image save" -> new SaveCommand();
      case "import", "image import" -> new ImportCommand();
      case "tag", "image tag" -> new TagCommand();
      case "rmi", "image rm", "image remove" -> new RmiCommand();
      case "history", "image history" -> new HistoryCommand();
      case "image prune" -> new ImagePruneCommand();
      case "pull", "image pull" -> new dev.berth.cli.command.registry.PullCommand();
      case "push", "image push" -> new dev.berth.cli.command.registry.PushCommand();
      case "login" -> new dev.berth.cli.command.registry.LoginCommand();
      case "logout" -> new dev.berth.cli.command.registry.LogoutCommand();
      case "search" -> new dev.berth.cli.command.registry.SearchCommand();
      case "network create" -> new NetworkCreateCommand();
      case "network ls", "network list" -> new NetworkLsCommand();
      case "network inspect" -> new NetworkInspectCommand();
      case "network rm", "network remove" -> new NetworkRmCommand();
      case "network prune" -> new NetworkPruneCommand();
      case "network connect" -> new NetworkConnectCommand();
      case "network disconnect" -> new NetworkDisconnectCommand();
      case "swarm leave" -> new dev.berth.cli.command.swarm.SwarmLeaveCommand();
      case "swarm inspect" -> new dev.berth.cli.command.swarm.SwarmInspectCommand();
      case "volume create" -> new VolumeCreateCommand();
      case "volume ls", "volume list" -> new VolumeLsCommand();
      case "volume inspect" -> new VolumeInspectCommand();
      case "volume rm", "volume remove" -> new VolumeRmCommand();
      case "volume prune" -> new VolumePruneCommand();
      case "version", "system version" -> new VersionCommand();
      case "info", "system info" -> new InfoCommand();
      case "system df" -> new dev.berth.cli.command.system.SystemDfCommand();
      case "sbom" -> new dev.berth.cli.command.scan.SbomCommand();
      case "scan" -> dev.berth.cli.command.scan.ScanCommand.scan();
      case "scan db update" -> dev.berth.cli.command.scan.ScanDbCommand.update();
      case "scan db status" -> dev.berth.cli.command.scan.ScanDbCommand.status();
      case "scout cves" -> dev.berth.cli.command.scan.ScanCommand.cves();
      case "scout quickview", "scout qv" -> dev.berth.cli.command.scan.ScanCommand.quickview();
      default -> null;
    };
  }

  public static final String OVERVIEW = """
      Usage:  berth [OPTIONS] COMMAND

      A container engine that speaks the Docker Engine API

      Common Commands:
        run         Create and run a new container from an image
        exec        Execute a command in a running container
        ps          List containers
        build       Build an image from a Dockerfile
        images      List images
        pull        Download an image from a registry
        push        Upload an image to a registry
        login       Log in to a registry
        logout      Log out from a registry
        version     Show the Berth version information
        info        Display system-wide information

      Management Commands:
        builder     Manage builds
        compose     Define and run multi-container applications
        container   Manage containers
        image       Manage images
        network     Manage networks
        scout       Image vulnerabilities in Docker Scout's shapes (cves, quickview)
        system      Manage Berth
        volume      Manage volumes

      Commands:
        attach      Attach local standard input, output, and error streams to a running container
        commit      Create a new image from a container's changes
        cp          Copy files/folders between a container and the local filesystem
        create      Create a new container
        diff        Inspect changes to files or directories on a container's filesystem
        events      Get real time events from the server
        export      Export a container's filesystem as a tar archive
        history     Show the history of an image
        import      Import the contents from a tarball to create a filesystem image
        inspect     Return low-level information on Berth objects
        kill        Kill one or more running containers
        load        Load an image from a tar archive or STDIN
        logs        Fetch the logs of a container
        pause       Pause all processes within one or more containers
        rename      Rename a container
        restart     Restart one or more containers
        rm          Remove one or more containers
        rmi         Remove one or more images
        save        Save one or more images to a tar archive (streamed to STDOUT by default)
        sbom        List the packages in an image (its software bill of materials)
        scan        Show the vulnerabilities in an image (scan db update|status: the advisory data)
        search      Search for images in a registry
        start       Start one or more stopped containers
        stats       Display a live stream of container(s) resource usage statistics
        stop        Stop one or more running containers
        tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE
        top         Display the running processes of a container
        unpause     Unpause all processes within one or more containers
        update      Update configuration of one or more containers
        wait        Block until one or more containers stop, then print their exit codes

      Global Options:
        -H, --host string   Daemon socket to connect to (unix:///path)
        -D, --debug         Enable debug mode
        -v, --version       Print version information and quit

      Run 'berth COMMAND --help' for more information on a command.
      """;

  public static String groupHelp(String group) {
    return switch (group) {
      case "container" -> """
          Usage:  berth container COMMAND

          Manage containers

          Commands:
            attach      Attach local standard input, output, and error streams to a running container
            commit      Create a new image from a container's changes
            cp          Copy files/folders between a container and the local filesystem
            create      Create a new container
            diff        Inspect changes to files or directories on a container's filesystem
            exec        Execute a command in a running container
            export      Export a container's filesystem as a tar archive
            inspect     Display detailed information on one or more containers
            kill        Kill one or more running containers
            logs        Fetch the logs of a container
            ls          List containers
            pause       Pause all processes within one or more containers
            prune       Remove all stopped containers
            rename      Rename a container
            restart     Restart one or more containers
            rm          Remove one or more containers
            run         Create and run a new container from an image
            start       Start one or more stopped containers
            stats       Display a live stream of container(s) resource usage statistics
            stop        Stop one or more running containers
            top         Display the running processes of a container
            unpause     Unpause all processes within one or more containers
            update      Update configuration of one or more containers
            wait        Block until one or more containers stop, then print their exit codes

          Run 'berth container COMMAND --help' for more information on a command.
          """;
      case "image" -> """
          Usage:  berth image COMMAND

          Manage images

          Commands:
            history     Show the history of an image
            import      Import the contents from a tarball to create a filesystem image
            inspect     Display detailed information on one or more images
            load        Load an image from a tar archive or STDIN
            ls          List images
            prune       Remove unused images
            rm          Remove one or more images
            save        Save one or more images to a tar archive (streamed to STDOUT by default)
            tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE

          Run 'berth image COMMAND --help' for more information on a command.
          """;
      case "network" -> """
          Usage:  berth network COMMAND

          Manage networks

          Commands:
            connect     Connect a container to a network
            create      Create a network
            disconnect  Disconnect a container from a network
            inspect     Display detailed information on one or more networks
            ls          List networks
            prune       Remove all unused networks
            rm          Remove one or more networks

          Run 'berth network COMMAND --help' for more information on a command.
          """;
      case "scout" -> """
          Usage:  berth scout COMMAND

          Image vulnerabilities in Docker Scout's shapes, from berthd's own advisory database

          Commands:
            cves        Show the vulnerabilities in an image, by package
            quickview   Show a summary of an image's vulnerabilities by severity

          Run 'berth scout COMMAND --help' for more information on a command.
          """;
      case "builder" -> """
          Usage:  berth builder COMMAND

          Manage builds

          Commands:
            build       Build an image from a Dockerfile
            prune       Remove build cache

          Run 'berth builder COMMAND --help' for more information on a command.
          """;
      case "volume" -> """
          Usage:  berth volume COMMAND

          Manage volumes

          Commands:
            create      Create a volume
            inspect     Display detailed information on one or more volumes
            ls          List volumes
            prune       Remove unused local volumes
            rm          Remove one or more volumes

          Run 'berth volume COMMAND --help' for more information on a command.
          """;
      default -> """
          Usage:  berth system COMMAND

          Manage Berth

          Commands:
            events      Get real time events from the server
            info        Display system-wide information
            version     Show the Berth version information

          Run 'berth system COMMAND --help' for more information on a command.
          """;
    };
  }
}
