package org.fraction.engine.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fraction.inference.AtomicWrite;

/**
 * One trial's directory in the run store: {@code <runs>/<workflow>/<trial id>/}, holding the
 * resolved {@code workflow.yaml}, {@code round-<k>.h5} per finished round, at most one {@code
 * round-<k>.partial.h5} epoch checkpoint, and one subdirectory per control.
 */
public final class TrialDirectory {

  public static final String DOCUMENT = "workflow.yaml";
  private static final Pattern ROUND = Pattern.compile("round-(\\d+)\\.h5");

  private final Path dir;

  public TrialDirectory(Path dir) {
    this.dir = dir;
  }

  public Path path() {
    return dir;
  }

  public Path roundFile(int round) {
    return dir.resolve("round-" + round + ".h5");
  }

  public Path checkpointFile(int round) {
    return dir.resolve("round-" + round + ".partial.h5");
  }

  public boolean hasRound(int round) {
    return Files.isRegularFile(roundFile(round));
  }

  /** The directory of one of the ticket's controls. */
  public TrialDirectory control(String control) {
    return new TrialDirectory(dir.resolve(control));
  }

  /** Finished rounds, ascending. */
  public List<Integer> rounds() throws IOException {
    List<Integer> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          f -> {
            Matcher m = ROUND.matcher(f.getFileName().toString());
            if (m.matches()) {
              out.add(Integer.parseInt(m.group(1)));
            }
          });
    }
    out.sort(null);
    return out;
  }

  /** Controls that have a directory here. */
  public List<String> controls() throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  /** Writes the resolved workflow document, atomically. */
  public void writeDocument(String yaml) throws IOException {
    AtomicWrite.write(
        dir.resolve(DOCUMENT), tmp -> Files.writeString(tmp, yaml, StandardCharsets.UTF_8));
  }

  public String readDocument() throws IOException {
    return Files.readString(dir.resolve(DOCUMENT), StandardCharsets.UTF_8);
  }

  /** A held trial lock; closing releases it. */
  public interface Lock extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  /**
   * Removes leftovers of an interrupted write: temporary files (they never become round files) and
   * the epoch checkpoint of a round whose round file was written just before the process died.
   */
  public void removeTemporaryFiles() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".tmp")) {
          Files.deleteIfExists(f);
        }
      }
    }
    for (int round : rounds()) {
      Files.deleteIfExists(checkpointFile(round));
    }
  }

  /**
   * Takes an exclusive lock on the trial so that two processes never write it at once.
   *
   * @throws IOException if another process holds it
   */
  public Lock lock() throws IOException {
    Files.createDirectories(dir);
    FileChannel channel =
        FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        throw new IOException(dir + " is being run by another process");
      }
      return channel::close;
    } catch (OverlappingFileLockException e) {
      channel.close();
      throw new IOException(dir + " is already being run in this process");
    }
  }
}
