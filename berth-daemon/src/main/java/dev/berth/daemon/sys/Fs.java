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
 * The directory-descriptor-relative calls ({@code openat}, {@code openat2}, {@code mkdirat},
 * {@code fchownat}...) that writing into a tree without ever leaving it needs, through FFM.
 *
 * <p>One instance belongs to one thread: it keeps its native buffers (errno capture, two path
 * buffers, a copy buffer, a stat buffer) for its whole life, so that unpacking thousands of files
 * costs system calls, not allocations. Failures come back as {@link Errno} carrying the number, so
 * callers can tell "exists" from "is a link" without parsing text.
 */
public final class Fs implements AutoCloseable {
  public static final int O_RDONLY = 0;
  public static final int O_WRONLY = 1;
  public static final int O_CREAT = 0100;
  public static final int O_EXCL = 0200;
  public static final int O_NOFOLLOW = 0400000;
  public static final int O_DIRECTORY = 0200000;
  public static final int O_CLOEXEC = 02000000;
  public static final int O_PATH = 010000000;
  public static final int AT_FDCWD = -100;
  public static final int AT_SYMLINK_NOFOLLOW = 0x100;
  public static final int AT_REMOVEDIR = 0x200;
  public static final int AT_EMPTY_PATH = 0x1000;
  public static final long RESOLVE_NO_MAGICLINKS = 0x02;
  public static final long RESOLVE_NO_SYMLINKS = 0x04;
  public static final long RESOLVE_BENEATH = 0x08;
  public static final long RESOLVE_IN_ROOT = 0x10;
  public static final int S_IFMT = 0170000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFLNK = 0120000;
  public static final int S_IFREG = 0100000;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EAGAIN = 11;
  public static final int EEXIST = 17;
  public static final int EXDEV = 18;
  public static final int ENOTDIR = 20;
  public static final int EISDIR = 21;
  public static final int EROFS = 30;
  public static final int ENOSYS = 38;
  public static final int ENOTEMPTY = 39;
  public static final int ELOOP = 40;
  public static final int EOPNOTSUPP = 95;
  private static final long SYS_OPENAT2 = 437;
  private static final long UTIME_OMIT = (1L << 30) - 2;

  /** A failed call: its errno and a message naming the call and the path. */
  public static final class Errno extends IOException {
    public final int errno;

    Errno(int errno, String message) {
      super(message);
      this.errno = errno;
    }
  }

  /** The parts of {@code struct stat} callers use. */
  public record Stat(long dev, long ino, int mode, int uid, int gid, long size) {
    public boolean isDir() {
      return (mode & S_IFMT) == S_IFDIR;
    }

    public boolean isLink() {
      return (mode & S_IFMT) == S_IFLNK;
    }
  }

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

  private static final MethodHandle OPENAT = variadic("openat", FunctionDescriptor.of(INT, INT, PTR, INT, INT), 3);
  private static final MethodHandle SYSCALL4 =
      variadic("syscall", FunctionDescriptor.of(LONG, LONG, INT, PTR, PTR, LONG), 1);
  private static final MethodHandle MKDIRAT = fn("mkdirat", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle FCHOWNAT = fn("fchownat", FunctionDescriptor.of(INT, INT, PTR, INT, INT, INT));
  private static final MethodHandle FCHMODAT = fn("fchmodat", FunctionDescriptor.of(INT, INT, PTR, INT, INT));
  private static final MethodHandle FCHOWN = fn("fchown", FunctionDescriptor.of(INT, INT, INT, INT));
  private static final MethodHandle FCHMOD = fn("fchmod", FunctionDescriptor.of(INT, INT, INT));
  private static final MethodHandle UTIMENSAT = fn("utimensat", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
  private static final MethodHandle FUTIMENS = fn("futimens", FunctionDescriptor.of(INT, INT, PTR));
  private static final MethodHandle MKNODAT = fn("mknodat", FunctionDescriptor.of(INT, INT, PTR, INT, LONG));
  private static final MethodHandle SYMLINKAT = fn("symlinkat", FunctionDescriptor.of(INT, PTR, INT, PTR));
  private static final MethodHandle LINKAT = fn("linkat", FunctionDescriptor.of(INT, INT, PTR, INT, PTR, INT));
  private static final MethodHandle UNLINKAT = fn("unlinkat", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle FSTATAT = fn("fstatat", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
  private static final MethodHandle READLINKAT = fn("readlinkat", FunctionDescriptor.of(LONG, INT, PTR, PTR, LONG));
  private static final MethodHandle WRITE = fn("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
  private static final MethodHandle CLOSE = fn("close", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle SYNCFS = fn("syncfs", FunctionDescriptor.of(INT, INT));
  private static final MethodHandle SYNC_FILE_RANGE =
      fn("sync_file_range", FunctionDescriptor.of(INT, INT, LONG, LONG, INT));
  private static final MethodHandle FSETXATTR = fn("fsetxattr", FunctionDescriptor.of(INT, INT, PTR, PTR, LONG, INT));
  private static final MethodHandle LSETXATTR = fn("lsetxattr", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, INT));
  private static final MethodHandle STRERROR =
      LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(PTR, INT));

  /** Whether the kernel has openat2(2) (Linux 5.6): probed once. */
  private static volatile Boolean openat2;

  private final Arena arena = Arena.ofConfined();
  private final MemorySegment st = arena.allocate(CAPTURE);
  private final MemorySegment path1 = arena.allocate(4097);
  private final MemorySegment path2 = arena.allocate(4097);
  private final MemorySegment name = arena.allocate(256);
  private final MemorySegment how = arena.allocate(24, 8);
  private final MemorySegment stat = arena.allocate(144, 8);
  private final MemorySegment times = arena.allocate(32, 8);
  private final MemorySegment buf = arena.allocate(1 << 16, 8);

  private static MethodHandle fn(String name, FunctionDescriptor fd) {
    return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, Linker.Option.captureCallState("errno"));
  }

  private static MethodHandle variadic(String name, FunctionDescriptor fd, int first) {
    return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), fd, Linker.Option.firstVariadicArg(first),
        Linker.Option.captureCallState("errno"));
  }

  private MemorySegment c(MemorySegment into, String s) throws Errno {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (b.length >= into.byteSize()) {
      throw new Errno(36, "name too long: " + s);
    }
    MemorySegment.copy(b, 0, into, ValueLayout.JAVA_BYTE, 0, b.length);
    into.set(ValueLayout.JAVA_BYTE, b.length, (byte) 0);
    return into;
  }

  private int check(long rc, String what) throws Errno {
    if (rc < 0) {
      int e = (int) ERRNO.get(st, 0L);
      throw new Errno(e, what + ": " + strerror(e));
    }
    return (int) rc;
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }

  /** openat(2); {@code mode} matters with O_CREAT. */
  public int openat(int dir, String path, int flags, int mode) throws Errno {
    try {
      while (true) {
        int fd = (int) OPENAT.invokeExact(st, dir, c(path1, path), flags | O_CLOEXEC, mode);
        if (fd >= 0 || (int) ERRNO.get(st, 0L) != EINTR) {
          return check(fd, "open " + path);
        }
      }
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Whether openat2(2) is there to use. */
  public boolean hasOpenat2() {
    Boolean has = openat2;
    if (has == null) {
      try {
        close(openat2(AT_FDCWD, "/", O_PATH | O_DIRECTORY, 0));
        has = true;
      } catch (Errno e) {
        has = e.errno != ENOSYS;
      }
      openat2 = has;
    }
    return has;
  }

  /** Tests run the component-by-component walk that kernels before 5.6 get: false hides openat2, null probes again. */
  static void openat2ForTests(Boolean has) {
    openat2 = has;
  }

  /** openat2(2) with the given RESOLVE_* flags; EAGAIN (a concurrent rename) is retried. */
  public int openat2(int dir, String path, int flags, long resolve) throws Errno {
    how.set(LONG, 0, (long) (flags | O_CLOEXEC));
    how.set(LONG, 8, 0L);
    how.set(LONG, 16, resolve);
    try {
      for (int tries = 0; ; tries++) {
        long fd = (long) SYSCALL4.invokeExact(st, SYS_OPENAT2, dir, c(path1, path), how, 24L);
        int e = fd < 0 ? (int) ERRNO.get(st, 0L) : 0;
        if (fd >= 0 || (e != EAGAIN && e != EINTR) || tries > 64) {
          return check(fd, "open " + path);
        }
      }
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public void mkdirat(int dir, String name, int mode) throws Errno {
    try {
      check((int) MKDIRAT.invokeExact(st, dir, c(this.name, name), mode), "mkdir " + name);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** fchownat(2) on the entry itself ({@code AT_SYMLINK_NOFOLLOW}). */
  public void lchownat(int dir, String name, int uid, int gid) throws Errno {
    try {
      check((int) FCHOWNAT.invokeExact(st, dir, c(this.name, name), uid, gid, AT_SYMLINK_NOFOLLOW), "chown " + name);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** fchmodat(2) on the entry itself; a link has no mode of its own, and glibc refuses one. */
  public void lchmodat(int dir, String name, int mode) throws Errno {
    try {
      check((int) FCHMODAT.invokeExact(st, dir, c(this.name, name), mode, AT_SYMLINK_NOFOLLOW), "chmod " + name);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public void fchown(int fd, int uid, int gid) throws Errno {
    try {
      check((int) FCHOWN.invokeExact(st, fd, uid, gid), "chown");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** fchmod(2): the full mode, setuid, setgid and sticky bits included. */
  public void fchmod(int fd, int mode) throws Errno {
    try {
      check((int) FCHMOD.invokeExact(st, fd, mode), "chmod");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * utimensat(2) with {@code AT_SYMLINK_NOFOLLOW}: access and modification time of the entry
   * itself; {@code name} empty means {@code dir} itself (futimens).
   */
  public void lutimensat(int dir, String name, long seconds, long nanos) throws Errno {
    times.set(LONG, 0, seconds);
    times.set(LONG, 8, nanos);
    times.set(LONG, 16, seconds);
    times.set(LONG, 24, nanos);
    try {
      int rc = name.isEmpty() ? (int) FUTIMENS.invokeExact(st, dir, times)
          : (int) UTIMENSAT.invokeExact(st, dir, c(this.name, name), times, AT_SYMLINK_NOFOLLOW);
      check(rc, "set times of " + name);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public void mknodat(int dir, String name, int mode, long dev) throws Errno {
    try {
      check((int) MKNODAT.invokeExact(st, dir, c(this.name, name), mode, dev), "mknod " + name);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public void symlinkat(String target, int dir, String name) throws Errno {
    try {
      check((int) SYMLINKAT.invokeExact(st, c(path2, target), dir, c(this.name, name)), "symlink " + name);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** linkat(2) without AT_SYMLINK_FOLLOW: a link to a symbolic link is a link to the link. */
  public void linkat(int fromDir, String fromName, int toDir, String toName) throws Errno {
    try {
      check((int) LINKAT.invokeExact(st, fromDir, c(path2, fromName), toDir, c(this.name, toName), 0),
          "link " + toName);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public void unlinkat(int dir, String name, int flags) throws Errno {
    try {
      check((int) UNLINKAT.invokeExact(st, dir, c(this.name, name), flags), "remove " + name);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** fstatat(2) of the entry itself; {@code name} empty means {@code dir} (AT_EMPTY_PATH). */
  public Stat lstatat(int dir, String name) throws Errno {
    try {
      int flags = AT_SYMLINK_NOFOLLOW | (name.isEmpty() ? AT_EMPTY_PATH : 0);
      check((int) FSTATAT.invokeExact(st, dir, c(this.name, name), stat, flags), "stat " + name);
      return new Stat(stat.get(LONG, 0), stat.get(LONG, 8), stat.get(INT, 24), stat.get(INT, 28), stat.get(INT, 32),
          stat.get(LONG, 48));
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public String readlinkat(int dir, String name) throws Errno {
    try {
      long n = (long) READLINKAT.invokeExact(st, dir, c(this.name, name), path2, 4096L);
      check(n, "readlink " + name);
      return new String(path2.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.UTF_8);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Writes all of {@code b[off, off+len)} to {@code fd}. */
  public void write(int fd, byte[] b, int off, int len) throws Errno {
    try {
      while (len > 0) {
        int chunk = (int) Math.min(len, buf.byteSize());
        MemorySegment.copy(b, off, buf, ValueLayout.JAVA_BYTE, 0, chunk);
        long done = 0;
        while (done < chunk) {
          long n = (long) WRITE.invokeExact(st, fd, buf.asSlice(done), chunk - done);
          if (n < 0 && (int) ERRNO.get(st, 0L) == EINTR) {
            continue;
          }
          check(n, "write");
          done += n;
        }
        off += chunk;
        len -= chunk;
      }
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** syncfs(2): everything written to the file system that holds {@code fd} reaches the disk. */
  public void syncfs(int fd) throws Errno {
    try {
      check((int) SYNCFS.invokeExact(st, fd), "syncfs");
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * sync_file_range(2) with SYNC_FILE_RANGE_WRITE: starts writing the file's dirty pages back without
   * waiting for them, so that a later syncfs finds little left to do. Best effort.
   */
  public void startWriteback(int fd) {
    try {
      int ignored = (int) SYNC_FILE_RANGE.invokeExact(st, fd, 0L, 0L, 2);
    } catch (Throwable t) {
      // only a hint
    }
  }

  /** fsetxattr(2) on an open (not O_PATH) descriptor. */
  public void fsetxattr(int fd, String attr, byte[] value) throws Errno {
    try {
      MemorySegment v = arena.allocate(Math.max(1, value.length));
      v.copyFrom(MemorySegment.ofArray(value));
      check((int) FSETXATTR.invokeExact(st, fd, c(path2, attr), v, (long) value.length, 0), "setxattr " + attr);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * lsetxattr(2) on {@code name} inside the directory {@code dir}, reached through
   * {@code /proc/self/fd}: the directory is the one the descriptor holds, and the entry itself is
   * not followed. Links and device nodes get their attributes this way, since they are never opened.
   */
  public void lsetxattrat(int dir, String name, String attr, byte[] value) throws Errno {
    try {
      MemorySegment v = arena.allocate(Math.max(1, value.length));
      v.copyFrom(MemorySegment.ofArray(value));
      check((int) LSETXATTR.invokeExact(st, c(path1, "/proc/self/fd/" + dir + "/" + name), c(path2, attr), v,
          (long) value.length, 0), "setxattr " + attr + " on " + name);
    } catch (Errno e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public void close(int fd) {
    try {
      int ignored = (int) CLOSE.invokeExact(st, fd);
    } catch (Throwable t) {
      // the descriptor is gone either way
    }
  }

  private static String strerror(int errno) {
    try {
      MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
      return s.reinterpret(256).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  @Override
  public void close() {
    arena.close();
  }
}
