package dev.berth.daemon.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.security.MessageDigest;

/**
 * SHA-256 by OpenSSL's libcrypto, called through the FFM API. berthd runs with the C1 compiler
 * only ({@code -XX:TieredStopAtLevel=1}, for its footprint), and the JDK's SHA-256 intrinsics
 * (SHA-NI, AVX2) are C2's: the JDK's own digest runs at about 100 MB/s there, which made hashing
 * the bottleneck of every pull (a layer is hashed twice: compressed, and as a tar for its diffID).
 * libcrypto uses the CPU's SHA instructions whatever the JIT. Bytes in a Java array are passed
 * without a copy (a critical downcall). When libcrypto is missing, {@link #create} returns null
 * and callers use the JDK's digest.
 */
public final class NativeSha256 extends MessageDigest implements Cloneable {
  /** {@code sizeof(SHA256_CTX)} is 112 bytes; a little more in case a build pads it. */
  private static final long CTX_SIZE = 128;
  private static final MethodHandle INIT;
  private static final MethodHandle UPDATE;
  private static final MethodHandle FINAL;

  static {
    MethodHandle init = null;
    MethodHandle update = null;
    MethodHandle fin = null;
    try {
      Linker linker = Linker.nativeLinker();
      SymbolLookup crypto = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
      init = linker.downcallHandle(crypto.find("SHA256_Init").orElseThrow(),
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
      update = linker.downcallHandle(crypto.find("SHA256_Update").orElseThrow(),
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
          Linker.Option.critical(true));
      fin = linker.downcallHandle(crypto.find("SHA256_Final").orElseThrow(),
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
          Linker.Option.critical(true));
    } catch (RuntimeException | LinkageError e) {
      init = null;
    }
    INIT = init;
    UPDATE = init == null ? null : update;
    FINAL = init == null ? null : fin;
  }

  /** The context lives in memory the garbage collector frees with the digest: nothing to close. */
  private MemorySegment ctx;

  private NativeSha256() {
    super("SHA-256");
    ctx = Arena.ofAuto().allocate(CTX_SIZE, 16);
    engineReset();
  }

  /** A fresh native digest, or null when libcrypto cannot be used here. */
  public static MessageDigest create() {
    return INIT == null ? null : new NativeSha256();
  }

  @Override
  protected void engineUpdate(byte input) {
    engineUpdate(new byte[] {input}, 0, 1);
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int len) {
    if (len <= 0) {
      return;
    }
    java.util.Objects.checkFromIndexSize(offset, len, input.length);
    try {
      int ok = (int) UPDATE.invokeExact(ctx, MemorySegment.ofArray(input).asSlice(offset, len), (long) len);
      check(ok, "SHA256_Update");
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  @Override
  protected void engineUpdate(java.nio.ByteBuffer input) {
    if (input.hasArray()) {
      engineUpdate(input.array(), input.arrayOffset() + input.position(), input.remaining());
      input.position(input.limit());
    } else {
      super.engineUpdate(input);
    }
  }

  @Override
  protected byte[] engineDigest() {
    byte[] out = new byte[32];
    try {
      int ok = (int) FINAL.invokeExact(MemorySegment.ofArray(out), ctx);
      check(ok, "SHA256_Final");
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    engineReset();
    return out;
  }

  @Override
  protected int engineGetDigestLength() {
    return 32;
  }

  @Override
  protected void engineReset() {
    try {
      check((int) INIT.invokeExact(ctx), "SHA256_Init");
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  @Override
  public Object clone() throws CloneNotSupportedException {
    NativeSha256 copy = (NativeSha256) super.clone();
    copy.ctx = Arena.ofAuto().allocate(CTX_SIZE, 16);
    copy.ctx.copyFrom(ctx);
    return copy;
  }

  private static void check(int ok, String call) {
    if (ok != 1) {
      throw new IllegalStateException(call + " failed");
    }
  }
}
