package org.fraction.plugins.datasets.numpy;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.fraction.spi.data.BadDataException;

/**
 * Reads a Python pickle of numpy arrays (as {@code pickle.dump} writes them with protocols 2 to 5,
 * under numpy 1.x's {@code numpy.core} and 2.x's {@code numpy._core} module names) with the
 * Razorvine unpickler, but leaves every byte string of at least {@code largeBytes} bytes in the
 * file as a {@link Payload}: a 1.5 GB ImageNet64 batch is then indexed in milliseconds and its
 * images read lazily. Arrays become {@link NdArray}s; everything else is Razorvine's mapping of
 * Python values (dict: {@link Map}, list: {@link List}, tuple: {@code Object[]}, int: Integer, Long
 * or BigInteger).
 */
public final class NumpyUnpickler extends Unpickler {

  private static final Map<String, IObjectConstructor> CONSTRUCTORS = constructors();

  private final Path file;
  private final long fileSize;
  private final long largeBytes;
  private PositionStream stream;

  private NumpyUnpickler(Path file, long fileSize, long largeBytes) {
    this.file = file;
    this.fileSize = fileSize;
    this.largeBytes = largeBytes;
  }

  /**
   * Unpickles {@code file}.
   *
   * @throws BadDataException if it is not a complete pickle of plain Python and numpy values
   */
  public static Object load(Path file, long largeBytes) throws IOException {
    NumpyUnpickler u = new NumpyUnpickler(file, Files.size(file), largeBytes);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      u.stream = new PositionStream(in);
      return u.load(u.stream);
    } catch (BadDataException e) {
      throw e;
    } catch (EOFException e) {
      throw new BadDataException(
          file, u.position(), "truncated: the pickle ends before its STOP opcode");
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (message.contains("premature end")) {
        throw new BadDataException(
            file, u.position(), "truncated: the pickle ends before its STOP opcode");
      }
      Throwable cause =
          e.getCause() instanceof java.lang.reflect.InvocationTargetException ite
              ? ite.getCause()
              : e.getCause();
      if (cause != null && cause.getMessage() != null) {
        message += ": " + cause.getMessage();
      }
      throw new BadDataException(
          file,
          Math.max(0, u.position() - 1),
          "not a pickle of numpy arrays this reader knows: " + message);
    } finally {
      u.close();
    }
  }

  private long position() {
    return stream == null ? 0 : stream.position();
  }

  @Override
  protected Object dispatch(short key) throws PickleException, IOException {
    switch (key) {
      case Opcodes.BINBYTES, Opcodes.BINSTRING, Opcodes.BINUNICODE -> {
        return large(key, 4) ? NO_RETURN_VALUE : super.dispatch(key);
      }
      case Opcodes.BINBYTES8, Opcodes.BINUNICODE8, Opcodes.BYTEARRAY8 -> {
        return large(key, 8) ? NO_RETURN_VALUE : super.dispatch(key);
      }
      case Opcodes.GLOBAL -> {
        stream.mark(1024);
        String module = PickleUtils.readline(stream);
        String name = PickleUtils.readline(stream);
        IObjectConstructor c = CONSTRUCTORS.get(module + "." + name);
        if (c != null) {
          stack.add(c);
          return NO_RETURN_VALUE;
        }
        stream.reset();
        return super.dispatch(key);
      }
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        IObjectConstructor c = CONSTRUCTORS.get(module + "." + name);
        if (c != null) {
          stack.add(c);
          return NO_RETURN_VALUE;
        }
        stack.add(module);
        stack.add(name);
        return super.dispatch(key);
      }
      default -> {
        return super.dispatch(key);
      }
    }
  }

  /** Pushes a {@link Payload} and skips its bytes if the string is large; else rewinds. */
  private boolean large(short key, int lengthBytes) throws IOException {
    long at = stream.position();
    stream.mark(16);
    byte[] raw = stream.readNBytes(lengthBytes);
    if (raw.length < lengthBytes) {
      throw new EOFException();
    }
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    long length =
        lengthBytes == 4
            ? (key == Opcodes.BINSTRING ? b.getInt() : b.getInt() & 0xFFFFFFFFL)
            : b.getLong();
    if (length < largeBytes) {
      stream.reset();
      return false;
    }
    long start = stream.position();
    if (length < 0 || start + length > fileSize) {
      throw new BadDataException(
          file,
          at,
          "truncated: a string of "
              + length
              + " bytes starts at byte "
              + start
              + ", but the file ends at byte "
              + fileSize);
    }
    stream.skipExactly(length);
    boolean text = key == Opcodes.BINUNICODE || key == Opcodes.BINUNICODE8;
    stack.add(text ? Payload.text(start, length) : Payload.bytes(start, length));
    return true;
  }

  private static Map<String, IObjectConstructor> constructors() {
    Map<String, IObjectConstructor> m = new HashMap<>();
    for (String core : List.of("numpy.core", "numpy._core")) {
      m.put(core + ".multiarray._reconstruct", args -> new NdArray());
      m.put(
          core + ".numeric._frombuffer",
          args ->
              new NdArray((Dtype) args[1], NdArray.longs(args[2]), "F".equals(args[3]), args[0]));
      m.put(core + ".multiarray.scalar", args -> scalar((Dtype) args[0], args[1]));
    }
    m.put("numpy.dtype", args -> Dtype.of(String.valueOf(args[0])));
    m.put(
        "_codecs.encode",
        args -> {
          String encoding =
              args.length > 1 ? String.valueOf(args[1]).toLowerCase().replace("-", "") : "utf8";
          if (args[0] instanceof Payload p && p.text() && encoding.equals("latin1")) {
            return p.latin1Bytes();
          }
          if (args[0] instanceof String s) {
            return s.getBytes(
                encoding.equals("latin1") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
          }
          throw new PickleException("_codecs.encode of " + args[0] + " with " + encoding);
        });
    return Map.copyOf(m);
  }

  private static Object scalar(Dtype dtype, Object data) {
    byte[] bytes =
        data instanceof byte[] b ? b : String.valueOf(data).getBytes(StandardCharsets.ISO_8859_1);
    NdArray one = new NdArray(dtype, new long[0], false, bytes);
    if (dtype.kind() == 'f') {
      ByteBuffer b = ByteBuffer.wrap(bytes).order(dtype.order());
      return dtype.itemSize() == 4 ? (double) b.getFloat() : b.getDouble();
    }
    return one.integers(bytes)[0];
  }
}
