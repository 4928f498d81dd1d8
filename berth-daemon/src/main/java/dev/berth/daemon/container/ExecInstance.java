package dev.berth.daemon.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One {@code exec} as Docker models it: created with its command and options, started once
 * (attached or detached), then kept so that its exit code can be read with exec inspect.
 */
final class ExecInstance {
  final String id;
  final String containerId;
  final List<String> command;
  final List<String> env;
  final String user;
  final String workingDir;
  final boolean tty;
  final boolean attachStdin;
  final boolean attachStdout;
  final boolean attachStderr;
  final boolean privileged;
  volatile boolean running;
  volatile boolean started;
  volatile Integer exitCode;
  volatile long pid;
  /** The detach keys the exec was created with (Docker's format; empty means the default). */
  final String detachKeys;
  /** Rows and columns asked for before or while the terminal exists, or null. */
  volatile int[] consoleSize;
  /** The terminal of an {@code exec -t} once started, else null. */
  volatile TtyExec console;

  ExecInstance(String id, String containerId, ObjectNode request, List<String> command, List<String> env) {
    this.id = id;
    this.containerId = containerId;
    this.command = command;
    this.env = env;
    this.user = request.path("User").asText("");
    this.workingDir = request.path("WorkingDir").asText("");
    this.tty = request.path("Tty").asBoolean(false);
    this.attachStdin = request.path("AttachStdin").asBoolean(false);
    this.attachStdout = request.path("AttachStdout").asBoolean(false);
    this.attachStderr = request.path("AttachStderr").asBoolean(false);
    this.privileged = request.path("Privileged").asBoolean(false);
    this.detachKeys = request.path("DetachKeys").asText("");
    this.consoleSize = ExecService.size(request.get("ConsoleSize"));
  }
}
