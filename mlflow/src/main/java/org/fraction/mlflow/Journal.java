package org.fraction.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls meant for the tracking server, in order, one JSON line each, in {@code
 * mlflow-journal.jsonl} in the trial's (or control's) directory. Lines are only ever appended, each
 * forced to disk before it counts, so a call is never lost once made; which of them a server has
 * taken is kept apart, per server, in the {@link Ledger}. A journal is held by one process at a
 * time (a file lock), so a sync never writes into a trial that is being run.
 */
final class Journal implements AutoCloseable {

  static final String FILE = "mlflow-journal.jsonl";
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  /** Another process (or this one) holds the journal. */
  static final class Busy extends IOException {
    Busy(Path file) {
      super(file + " is in use by another process (a run or a sync of the same trial)");
    }
  }

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;
  private final List<Op> ops = new ArrayList<>();

  private Journal(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /** Opens (or creates) the journal of a trial directory and takes its lock. */
  static Journal open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new Busy(file);
    }
    Journal journal = new Journal(dir, channel, lock);
    try {
      journal.load();
    } catch (IOException | RuntimeException e) {
      journal.close();
      throw e;
    }
    return journal;
  }

  /** Reads the lines; a last line cut short by a crash was never counted and is dropped. */
  private void load() throws IOException {
    long size = channel.size();
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size));
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
      // read it all
    }
    byte[] bytes = buffer.array();
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    if (end < bytes.length) {
      LOG.warn(
          "{}: dropping a last line cut short ({} bytes)", dir.resolve(FILE), bytes.length - end);
      channel.truncate(end);
      channel.force(true);
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        ops.add(Json.MAPPER.readValue(line, Op.class));
      } catch (JsonProcessingException e) {
        LOG.warn(
            "{}: line {} cannot be read and will not be sent: {}",
            dir.resolve(FILE),
            ops.size() + 1,
            e.getOriginalMessage());
        ops.add(new Op.Unreadable("", line));
      }
    }
    channel.position(end);
  }

  Path directory() {
    return dir;
  }

  Path file() {
    return dir.resolve(FILE);
  }

  synchronized int size() {
    return ops.size();
  }

  synchronized Op get(int index) {
    return ops.get(index);
  }

  synchronized List<Op> ops() {
    return List.copyOf(ops);
  }

  /** Appends a call and forces it to disk. */
  synchronized void append(Op op) throws IOException {
    byte[] line = (Json.MAPPER.writeValueAsString(op) + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.wrap(line);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    channel.force(false);
    ops.add(op);
  }

  /** A file as an op names it: relative to the journal's directory when inside it. */
  String name(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path base = dir.toAbsolutePath().normalize();
    return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
  }

  Path resolve(String name) {
    return dir.resolve(name);
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      channel.close();
    }
  }
}
