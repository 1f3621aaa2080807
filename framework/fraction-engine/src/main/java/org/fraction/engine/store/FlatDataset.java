package org.fraction.engine.store;

import static org.nd4j.linalg.api.buffer.DataType.FLOAT;

import io.jhdf.Constants;
import io.jhdf.ObjectHeader;
import io.jhdf.Superblock;
import io.jhdf.WritableDatasetImpl;
import io.jhdf.api.Group;
import io.jhdf.exceptions.HdfWritingException;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * A contiguous HDF5 dataset of float32 or int8 values with the tensor's shape, written from the
 * tensor's own memory in one write. jhdf's datasets take a nested Java array and write it one
 * innermost row per system call: a 3x3 convolution kernel became a write of 12 bytes, millions per
 * ResNet-18 file. The file holds the same header messages (type, shape, no fill value, contiguous
 * layout) as jhdf writes, so readers see no difference.
 */
final class FlatDataset extends WritableDatasetImpl {

  /** jhdf's writing superblock: lengths of 8 bytes. */
  private static final Superblock LAYOUT = new Superblock.SuperblockV2V3();

  private final int[] dims;
  private final INDArray values; // holds the native memory that bytes may view
  private final ByteBuffer bytes;

  private FlatDataset(Object typeSample, String name, Group parent, int[] dims, INDArray values) {
    super(typeSample, name, parent);
    this.dims = dims;
    this.values = values;
    this.bytes = littleEndian(values);
  }

  /** The tensor as float32, its shape (a scalar as one value). */
  static FlatDataset floats(Group parent, String name, INDArray tensor) {
    return new FlatDataset(new float[1], name, parent, dims(tensor), contiguous(tensor, FLOAT));
  }

  /** The tensor as float32 of one dimension, its length. */
  static FlatDataset flatFloats(Group parent, String name, INDArray tensor) {
    int[] dims = {Math.toIntExact(tensor.length())};
    return new FlatDataset(new float[1], name, parent, dims, contiguous(tensor, FLOAT));
  }

  /** A mask as int8: 1 where the tensor is non-zero, else 0. */
  static FlatDataset mask(Group parent, String name, INDArray tensor) {
    INDArray ones = contiguous(tensor.neq(0), DataType.INT8);
    return new FlatDataset(new byte[1], name, parent, dims(tensor), ones);
  }

  /**
   * The tensor itself when its values already lie in c order from the start of its buffer (the
   * copies a checkpoint is made of), else a c-order copy: a file's tensors are all held until it is
   * closed, and copying them would double that.
   */
  private static INDArray contiguous(INDArray tensor, DataType type) {
    INDArray typed = tensor.castTo(type);
    boolean inPlace =
        typed.ordering() == 'c'
            && typed.offset() == 0
            && Shape.hasDefaultStridesForShape(typed)
            && typed.data().length() >= typed.length();
    return inPlace ? typed : typed.dup('c');
  }

  private static int[] dims(INDArray tensor) {
    long[] shape = tensor.shape();
    if (shape.length == 0) {
      return new int[] {1};
    }
    int[] dims = new int[shape.length];
    for (int d = 0; d < shape.length; d++) {
      dims[d] = Math.toIntExact(shape[d]);
    }
    return dims;
  }

  /**
   * The values (c order, offset 0) little-endian: a view of their native memory on little-endian
   * machines (no copy on the heap), else a copy.
   */
  private static ByteBuffer littleEndian(INDArray c) {
    int size = Math.toIntExact(c.length() * c.dataType().width());
    if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      ByteBuffer nio = c.data().asNio();
      if (nio.capacity() >= size) {
        return nio.duplicate().position(0).limit(size).slice();
      }
    }
    ByteBuffer heap = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    if (c.dataType() == FLOAT) {
      heap.asFloatBuffer().put(c.data().asFloat());
    } else {
      heap.put(c.data().asBytes());
    }
    return heap;
  }

  @Override
  public int[] getDimensions() {
    return dims.clone();
  }

  @Override
  public long getSize() {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  @Override
  public long getSizeInBytes() {
    return bytes.remaining();
  }

  @Override
  public long getStorageInBytes() {
    return bytes.remaining();
  }

  @Override
  public Object getData() {
    throw new UnsupportedOperationException("a dataset being written is not read back");
  }

  @Override
  public Object getDataFlat() {
    return getData();
  }

  @Override
  public long write(HdfFileChannel channel, long position) {
    List<Message> messages = new ArrayList<>();
    messages.add(DataTypeMessage.create(getDataType()));
    messages.add(DataSpaceMessage.create(dataSpace()));
    messages.add(FillValueMessage.NO_FILL);
    messages.add(
        ContiguousDataLayoutMessage.create(
            Constants.UNDEFINED_ADDRESS, Constants.UNDEFINED_ADDRESS));
    long headerSize = new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
    long dataAddress = position + headerSize;
    long dataSize = bytes.remaining();
    // as jhdf's datasets do, the channel is left at the end of the data: the file's trailer is
    // written there
    channel.position(dataAddress);
    ByteBuffer data = bytes.duplicate();
    while (data.hasRemaining()) {
      if (channel.write(data) <= 0) {
        throw new HdfWritingException("no bytes written for dataset " + getPath());
      }
    }
    messages.set(3, ContiguousDataLayoutMessage.create(dataAddress, dataSize));
    channel.write(new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
    return dataAddress + dataSize;
  }

  /** A simple dataspace of this shape, decoded from its HDF5 encoding (version 2, no maxima). */
  private DataSpace dataSpace() {
    ByteBuffer encoded =
        ByteBuffer.allocate(4 + dims.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    encoded.put((byte) 2).put((byte) dims.length).put((byte) 0).put((byte) 1);
    for (int d : dims) {
      encoded.putLong(d);
    }
    encoded.flip();
    return DataSpace.readDataSpace(encoded, LAYOUT);
  }
}
