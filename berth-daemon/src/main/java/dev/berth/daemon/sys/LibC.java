package dev.berth.daemon.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The handful of Linux calls the JDK lacks, through the FFM API: mounting overlayfs, making
 * whiteout devices, setting the opaque xattr, and SOCK_SEQPACKET sockets for conmon's attach.
 *
 * <p>Every call captures errno and turns a failure into an {@link IOException} that names the call,
 * the path and the system's reason, so callers can pass the message on to users unchanged.
 */
public final class LibC {
  public static final int MS_RDONLY = 1;
  public static final int MS_NOSUID = 2;
  public static final int MS_NODEV = 4;
  public static final int MNT_DETACH = 2;
  public static final int S_IFCHR = 0020000;
  public static final int S_IFBLK = 0060000;
  public static final int S_IFIFO = 0010000;
  public static final int AF_UNIX = 1;
  public static final int SOCK_SEQPACKET = 5;
  public static final int SOCK_CLOEXEC = 02000000;
  public static final int SHUT_WR = 1;
  public static final int EINTR = 4;
  public static final int ENOENT = 2;
  public static final int EINVAL = 22;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

  private static final MethodHandle MOUNT = fn("mount", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, PTR));
  private static final MethodHandle UMOUNT2 = fn("umount2", FunctionDescriptor.of(INT, PTR, INT));
  private static final MethodHandle MKNOD = fn("mknod", FunctionDescriptor.of(INT, PTR, INT, LONG));
  private static final MethodHandle LSETXATTR =
      fn("lsetxattr", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, INT));
  private static final MethodHandle LGETXATTR =
      fn("lgetxattr", FunctionDescriptor.of(LONG, PTR, PTR, PTR, LONG));
  private static final MethodHandle LCHOWN = fn("lchown", FunctionDescriptor.of(INT, PTR, INT, INT));
  private static final MethodHandle CHMOD = fn("chmod", FunctionDescriptor.of(INT, PTR, INT));
  private static final MethodHandle OPEN = fn("open", FunctionDescriptor.of(INT, PTR, INT));
  private static final MethodHandle SOCKET = fn("socket", FunctionDescriptor.of(INT, INT, INT, INT));
  private static final MethodHandle CONNECT = fn("connect", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle READ = fn("read", FunctionDescriptor.of(LONG, INT, PTR, LONG));
  private static final MethodHandle WRITE = fn("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
  private static final MethodHandle SHUTDOWN = fn("shutdown", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle KILL = fn("kill", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle SOCKETPAIR = fn("socketpair", FunctionDescriptor.of(INT, INT, INT, INT, PTR));
  private static final MethodHandle BIND = fn("bind", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle LISTEN = fn("listen", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle ACCEPT4 = fn("accept4", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
  private static final MethodHandle POLL = fn("poll", FunctionDescriptor.of(INT, PTR, LONG, INT));
  private static final MethodHandle RECVMSG = fn("recvmsg", FunctionDescriptor.of(LONG, INT, PTR, INT));
  private static final MethodHandle SENDMSG = fn("sendmsg", FunctionDescriptor.of(LONG, INT, PTR, INT));
  private static final MethodHandle IOCTL_PTR = LINKER.downcallHandle(LIBC.find("ioctl").orElseThrow(),
      FunctionDescriptor.of(INT, INT, LONG, PTR), Linker.Option.firstVariadicArg(2),
      Linker.Option.captureCallState("errno"));
  private static final MethodHandle PRCTL = LINKER.downcallHandle(LIBC.find("prctl").orElseThrow(),
      FunctionDescriptor.of(INT, INT, LONG, LONG, LONG, LONG), Linker.Option.firstVariadicArg(1),
      Linker.Option.captureCallState("errno"));
  private static final MethodHandle WAITPID = fn("waitpid", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle STRERROR =
      LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(PTR, INT));

  private LibC() {}

  private static MethodHandle fn(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, Linker.Option.captureCallState("errno"));
  }

  /** mount(2); {@code data} may be null. */
  public static void mount(String source, String target, String fsType, long flags, String data) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int rc = (int) MOUNT.invokeExact(st, a.allocateFrom(source), a.allocateFrom(target), a.allocateFrom(fsType),
          flags, (MemorySegment) (data == null ? MemorySegment.NULL : a.allocateFrom(data)));
      check(rc, st, "mount " + fsType + " on " + target);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** umount2(2); an unmounted target (EINVAL) or a missing one (ENOENT) is not an error. */
  public static void umount(String target, int flags) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int rc = (int) UMOUNT2.invokeExact(st, a.allocateFrom(target), flags);
      if (rc != 0) {
        int errno = errno(st);
        if (errno == EINVAL || errno == ENOENT) {
          return;
        }
        throw new IOException("umount " + target + ": " + strerror(errno));
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** The kernel's dev_t for a major and minor number (glibc's makedev), as tar headers give them. */
  public static long makedev(int major, int minor) {
    return ((long) major << 8) | (minor & 0xff) | ((long) (minor & ~0xff) << 12);
  }

  /** mknod(2), for whiteouts (a 0/0 character device) and device entries in layers. */
  public static void mknod(String path, int mode, long dev) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int rc = (int) MKNOD.invokeExact(st, a.allocateFrom(path), mode, dev);
      check(rc, st, "mknod " + path);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** lsetxattr(2): sets an attribute on the path itself, never on a link's target. */
  public static void lsetxattr(String path, String name, byte[] value) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment v = a.allocate(Math.max(1, value.length));
      v.copyFrom(MemorySegment.ofArray(value));
      int rc = (int) LSETXATTR.invokeExact(st, a.allocateFrom(path), a.allocateFrom(name), v, (long) value.length, 0);
      check(rc, st, "setxattr " + name + " on " + path);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * lgetxattr(2) of a small attribute on the path itself; null when it is not set. Overlay's
   * {@code trusted.overlay.opaque} is what this is for.
   */
  public static byte[] lgetxattr(String path, String name) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment buf = a.allocate(256);
      long n = (long) LGETXATTR.invokeExact(st, a.allocateFrom(path), a.allocateFrom(name), buf, 256L);
      if (n < 0) {
        int errno = (int) ERRNO.get(st, 0L);
        if (errno == 61 || errno == 95) { // ENODATA, ENOTSUP: no such attribute here
          return null;
        }
        check((int) n, st, "getxattr " + name + " on " + path);
      }
      return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** lchown(2): owner of the path itself, links included. */
  public static void lchown(String path, int uid, int gid) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int rc = (int) LCHOWN.invokeExact(st, a.allocateFrom(path), uid, gid);
      check(rc, st, "chown " + path);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** chmod(2) with the full mode, setuid, setgid and sticky bits included (the JDK drops them). */
  public static void chmod(String path, int mode) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int rc = (int) CHMOD.invokeExact(st, a.allocateFrom(path), mode);
      check(rc, st, "chmod " + path);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** kill(2); returns false when the process does not exist. Signal 0 probes liveness. */
  public static boolean kill(int pid, int signal) {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int rc = (int) KILL.invokeExact(st, pid, signal);
      return rc == 0 || errno(st) == 1; // EPERM still means it exists
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static final int O_PATH = 010000000;
  private static final int O_DIRECTORY = 0200000;
  private static final int O_CLOEXEC = 02000000;

  /**
   * Connects to a SEQPACKET socket {@code name} inside {@code dir} however long the directory's
   * path: through {@code /proc/self/fd/N/name}, since sun_path holds only 108 bytes.
   */
  public static int connectSeqPacket(java.nio.file.Path dir, String name) throws IOException {
    int dirFd;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      dirFd = (int) OPEN.invokeExact(st, a.allocateFrom(dir.toString()), O_PATH | O_DIRECTORY | O_CLOEXEC);
      check(dirFd, st, "open " + dir);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    try {
      return connectSeqPacket("/proc/self/fd/" + dirFd + "/" + name);
    } finally {
      close(dirFd);
    }
  }

  /** Opens and connects an AF_UNIX SOCK_SEQPACKET socket; returns its descriptor. */
  public static int connectSeqPacket(String path) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int fd = (int) SOCKET.invokeExact(st, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
      check(fd, st, "socket");
      byte[] p = path.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (p.length >= 108) {
        close(fd);
        throw new IOException("socket path too long: " + path);
      }
      MemorySegment addr = a.allocate(110);
      addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
      MemorySegment.copy(p, 0, addr, ValueLayout.JAVA_BYTE, 2, p.length);
      int rc = (int) CONNECT.invokeExact(st, fd, addr, 2 + p.length + 1);
      if (rc != 0) {
        String why = strerror(errno(st));
        close(fd);
        throw new IOException("connect " + path + ": " + why);
      }
      return fd;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** read(2) into {@code buf}; returns bytes read, 0 at end of stream. Retries on EINTR. */
  public static int read(int fd, MemorySegment buf) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      while (true) {
        long n = (long) READ.invokeExact(st, fd, buf, buf.byteSize());
        if (n >= 0) {
          return (int) n;
        }
        if (errno(st) != EINTR) {
          throw new IOException("read: " + strerror(errno(st)));
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** write(2) of all of {@code data}. */
  public static void writeFully(int fd, byte[] data, int off, int len) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment buf = a.allocate(Math.max(1, len));
      MemorySegment.copy(data, off, buf, ValueLayout.JAVA_BYTE, 0, len);
      long done = 0;
      while (done < len) {
        long n = (long) WRITE.invokeExact(st, fd, buf.asSlice(done), len - done);
        if (n < 0) {
          if (errno(st) == EINTR) {
            continue;
          }
          throw new IOException("write: " + strerror(errno(st)));
        }
        done += n;
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  public static void shutdownWrite(int fd) {
    try (Arena a = Arena.ofConfined()) {
      int ignored = (int) SHUTDOWN.invokeExact(a.allocate(CAPTURE), fd, SHUT_WR);
    } catch (Throwable t) {
      // best effort: the peer learns of the end from close() anyway
    }
  }

  /** Shuts both directions down, which wakes a thread blocked reading the descriptor. */
  public static void shutdown(int fd) {
    try (Arena a = Arena.ofConfined()) {
      int ignored = (int) SHUTDOWN.invokeExact(a.allocate(CAPTURE), fd, 2);
    } catch (Throwable t) {
      // best effort
    }
  }

  public static void close(int fd) {
    try (Arena a = Arena.ofConfined()) {
      int ignored = (int) CLOSE.invokeExact(a.allocate(CAPTURE), fd);
    } catch (Throwable t) {
      // nothing to do: the descriptor is gone either way
    }
  }

  private static void check(int rc, MemorySegment st, String what) throws IOException {
    if (rc < 0) {
      throw new IOException(what + ": " + strerror(errno(st)));
    }
  }

  private static int errno(MemorySegment st) {
    return (int) ERRNO.get(st, 0L);
  }

  /** The system's text for an errno, e.g. "No such file or directory". */
  public static String strerror(int errno) {
    try {
      MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
      return s.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }
  // ---- terminals: receiving a PTY master over a unix socket, window sizes, reaping adopted processes

  public static final int SOCK_STREAM = 1;
  private static final int SOL_SOCKET = 1;
  private static final int SCM_RIGHTS = 1;
  private static final int MSG_CMSG_CLOEXEC = 0x40000000;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final long TIOCGWINSZ = 0x5413;
  private static final long TIOCSWINSZ = 0x5414;
  private static final int PR_SET_CHILD_SUBREAPER = 36;
  private static final int O_WRONLY = 1;
  private static final int O_NONBLOCK = 04000;
  private static final int POLLIN = 1;
  /** struct cmsghdr is {size_t len; int level; int type;} then the data, 8-byte aligned on 64-bit Linux. */
  private static final int CMSG_HEADER = 16;
  private static final int CMSG_SPACE_ONE_FD = 24;

  /** socketpair(AF_UNIX, SOCK_STREAM): two connected descriptors, for tests and in-process hand-overs. */
  public static int[] socketPair() throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment fds = a.allocate(INT, 2);
      int rc = (int) SOCKETPAIR.invokeExact(st, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
      check(rc, st, "socketpair");
      return new int[] {fds.getAtIndex(INT, 0), fds.getAtIndex(INT, 1)};
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * A listening AF_UNIX stream socket at {@code dir/name}, bound through {@code /proc/self/fd/N}
   * so that a long directory path does not hit sun_path's 108 bytes.
   */
  public static int listenUnix(java.nio.file.Path dir, String name) throws IOException {
    int dirFd;
    int fd;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      dirFd = (int) OPEN.invokeExact(st, a.allocateFrom(dir.toString()), O_PATH | O_DIRECTORY | O_CLOEXEC);
      check(dirFd, st, "open " + dir);
      try {
        fd = (int) SOCKET.invokeExact(st, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        check(fd, st, "socket");
        byte[] p = ("/proc/self/fd/" + dirFd + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (p.length >= 108) {
          close(fd);
          throw new IOException("socket name too long: " + name);
        }
        MemorySegment addr = a.allocate(110);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(p, 0, addr, ValueLayout.JAVA_BYTE, 2, p.length);
        int rc = (int) BIND.invokeExact(st, fd, addr, 2 + p.length + 1);
        if (rc == 0) {
          rc = (int) LISTEN.invokeExact(st, fd, 4);
        }
        if (rc != 0) {
          String why = strerror(errno(st));
          close(fd);
          throw new IOException("listen on " + dir.resolve(name) + ": " + why);
        }
        return fd;
      } finally {
        close(dirFd);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Accepts one connection, waiting at most {@code timeoutMs}; returns -1 when none came. */
  public static int accept(int listenFd, int timeoutMs) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment pfd = a.allocate(8);
      pfd.set(INT, 0, listenFd);
      pfd.set(ValueLayout.JAVA_SHORT, 4, (short) POLLIN);
      int ready;
      do {
        ready = (int) POLL.invokeExact(st, pfd, 1L, timeoutMs);
      } while (ready < 0 && errno(st) == EINTR);
      check(ready, st, "poll");
      if (ready == 0) {
        return -1;
      }
      int fd = (int) ACCEPT4.invokeExact(st, listenFd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
      check(fd, st, "accept");
      return fd;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * Receives one descriptor sent with SCM_RIGHTS (how runc hands over a console's PTY master,
   * with the terminal's name as the message). The descriptor arrives close-on-exec.
   */
  public static int receiveFd(int sock) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment data = a.allocate(4096);
      MemorySegment iov = a.allocate(16, 8);
      iov.set(PTR, 0, data);
      iov.set(LONG, 8, data.byteSize());
      MemorySegment control = a.allocate(CMSG_SPACE_ONE_FD * 4, 8);
      MemorySegment msg = a.allocate(56, 8);
      msg.set(PTR, 16, iov);
      msg.set(LONG, 24, 1L);
      msg.set(PTR, 32, control);
      msg.set(LONG, 40, control.byteSize());
      long n;
      do {
        n = (long) RECVMSG.invokeExact(st, sock, msg, MSG_CMSG_CLOEXEC);
      } while (n < 0 && errno(st) == EINTR);
      if (n < 0) {
        throw new IOException("recvmsg: " + strerror(errno(st)));
      }
      long controlLen = msg.get(LONG, 40);
      int received = -1;
      long off = 0;
      while (off + CMSG_HEADER <= controlLen) {
        long len = control.get(LONG, off);
        int level = control.get(INT, off + 8);
        int type = control.get(INT, off + 12);
        if (len < CMSG_HEADER) {
          break;
        }
        if (level == SOL_SOCKET && type == SCM_RIGHTS) {
          for (long p = off + CMSG_HEADER; p + 4 <= off + len; p += 4) {
            int fd = control.get(INT, p);
            if (received < 0) {
              received = fd;
            } else {
              close(fd); // only one was expected; never leak the others
            }
          }
        }
        off += (len + 7) & ~7L;
      }
      if (received < 0) {
        throw new IOException("no file descriptor received on the console socket");
      }
      return received;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Sends one descriptor with SCM_RIGHTS and {@code name} as the message (runc's shape). */
  public static void sendFd(int sock, int fd, String name) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment data = a.allocateFrom(name);
      MemorySegment iov = a.allocate(16, 8);
      iov.set(PTR, 0, data);
      iov.set(LONG, 8, data.byteSize() - 1);
      MemorySegment control = a.allocate(CMSG_SPACE_ONE_FD, 8);
      control.set(LONG, 0, CMSG_HEADER + 4L);
      control.set(INT, 8, SOL_SOCKET);
      control.set(INT, 12, SCM_RIGHTS);
      control.set(INT, 16, fd);
      MemorySegment msg = a.allocate(56, 8);
      msg.set(PTR, 16, iov);
      msg.set(LONG, 24, 1L);
      msg.set(PTR, 32, control);
      msg.set(LONG, 40, (long) CMSG_SPACE_ONE_FD);
      long n = (long) SENDMSG.invokeExact(st, sock, msg, MSG_NOSIGNAL);
      if (n < 0) {
        throw new IOException("sendmsg: " + strerror(errno(st)));
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** ioctl(TIOCSWINSZ): the terminal's rows and columns; the kernel sends SIGWINCH to its foreground group. */
  public static void setWindowSize(int fd, int rows, int cols) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment ws = a.allocate(8, 2);
      ws.set(ValueLayout.JAVA_SHORT, 0, (short) rows);
      ws.set(ValueLayout.JAVA_SHORT, 2, (short) cols);
      int rc = (int) IOCTL_PTR.invokeExact(st, fd, TIOCSWINSZ, ws);
      check(rc, st, "set the terminal size");
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** ioctl(TIOCGWINSZ): {rows, columns}. */
  public static int[] windowSize(int fd) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment ws = a.allocate(8, 2);
      int rc = (int) IOCTL_PTR.invokeExact(st, fd, TIOCGWINSZ, ws);
      check(rc, st, "get the terminal size");
      return new int[] {Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 0)),
          Short.toUnsignedInt(ws.get(ValueLayout.JAVA_SHORT, 2))};
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** prctl(PR_SET_CHILD_SUBREAPER): orphaned descendants are re-parented to this process, not to init. */
  public static void setChildSubreaper(boolean on) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int rc = (int) PRCTL.invokeExact(st, PR_SET_CHILD_SUBREAPER, on ? 1L : 0L, 0L, 0L, 0L);
      check(rc, st, "prctl(PR_SET_CHILD_SUBREAPER)");
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * waitpid(2) for one child, blocking; returns its exit code as a shell reports it (128 + the
   * signal when killed by one).
   */
  public static int waitExit(int pid) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      MemorySegment status = a.allocate(INT);
      int rc;
      do {
        rc = (int) WAITPID.invokeExact(st, pid, status, 0);
      } while (rc < 0 && errno(st) == EINTR);
      check(rc, st, "waitpid " + pid);
      int s = status.get(INT, 0);
      int signal = s & 0x7f;
      return signal == 0 ? (s >> 8) & 0xff : 128 + signal;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * Opens a FIFO for writing without blocking: a FIFO nobody reads (its reader is gone) fails
   * with ENXIO at once instead of hanging the caller.
   */
  public static int openFifoForWrite(String path) throws IOException {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment st = a.allocate(CAPTURE);
      int fd = (int) OPEN.invokeExact(st, a.allocateFrom(path), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      check(fd, st, "open " + path);
      return fd;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
