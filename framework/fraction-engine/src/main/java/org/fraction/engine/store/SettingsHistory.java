package org.fraction.engine.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.fraction.inference.AtomicWrite;

/**
 * {@code settings-history.yaml} in a trial's directory: one entry per resume that changed
 * incidental settings, with the time and each key's old and new value. Entries are only ever
 * appended, so the file is a YAML list of every change the trial went through.
 */
public final class SettingsHistory {

  public static final String FILE = "settings-history.yaml";

  /** One changed key, with its stored value and its new one. */
  public record Change(String key, String stored, String now) {
    @Override
    public String toString() {
      return key + ": stored " + stored + ", now " + now;
    }
  }

  private SettingsHistory() {}

  /** Appends one entry and forces it to disk; returns the file. */
  public static Path append(TrialDirectory dir, List<Change> changes, Instant time)
      throws IOException {
    StringBuilder sb =
        new StringBuilder("- time: ").append(time).append('\n').append("  changes:\n");
    for (Change c : changes) {
      sb.append("    - key: ")
          .append(quoted(c.key()))
          .append('\n')
          .append("      old: ")
          .append(quoted(c.stored()))
          .append('\n')
          .append("      new: ")
          .append(quoted(c.now()))
          .append('\n');
    }
    Path file = dir.path().resolve(FILE);
    Files.createDirectories(dir.path());
    try {
      Files.writeString(
          file,
          sb,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new IOException("cannot write " + file + ": " + AtomicWrite.reason(e), e);
    }
    return file;
  }

  /** A YAML double-quoted scalar, so that any value reads back as the same string. */
  static String quoted(String text) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\x%02x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
