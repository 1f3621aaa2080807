package org.fraction.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds round files that cannot be read and moves them aside (kept, renamed, for inspection) so
 * that the round is run again, together with every round that was made from them: a ticket's round
 * k+1 is pruned from round k's weights and each control's round k+1 takes the ticket's round k+1
 * masks, so a damaged ticket round k also sets aside the later rounds of the ticket and of its
 * controls. A control's round depends on no other round of its control.
 */
public final class DamagedRounds {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private DamagedRounds() {}

  /** Sets aside what must be run again; returns one line per file moved. */
  public static List<String> setAside(
      TrialDirectory ticket, List<TrialDirectory> controls, Instant now) throws IOException {
    String stamp = STAMP.format(now);
    List<String> out = new ArrayList<>();
    int firstDamaged = Integer.MAX_VALUE;
    for (int k : ticket.rounds()) {
      Optional<String> problem = problem(ticket.roundFile(k));
      if (problem.isPresent()) {
        firstDamaged = Math.min(firstDamaged, k);
        out.add(move(ticket.roundFile(k), "damaged-" + stamp, problem.get()));
      } else if (k > firstDamaged) {
        out.add(
            move(
                ticket.roundFile(k),
                "superseded-" + stamp,
                "it was made from the damaged round " + firstDamaged));
      }
    }
    for (TrialDirectory control : controls) {
      for (int k : control.rounds()) {
        Optional<String> problem = problem(control.roundFile(k));
        if (problem.isPresent()) {
          out.add(move(control.roundFile(k), "damaged-" + stamp, problem.get()));
        } else if (k > firstDamaged) {
          out.add(
              move(
                  control.roundFile(k),
                  "superseded-" + stamp,
                  "it was made from the damaged ticket round " + firstDamaged));
        }
      }
    }
    return out;
  }

  /** Why a round file cannot be used, if it cannot. */
  public static Optional<String> problem(Path roundFile) {
    try {
      RoundFiles.readSummary(roundFile);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      String prefix = roundFile + ": ";
      return Optional.of(message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }
  }

  private static String move(Path file, String suffix, String why) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + "." + suffix);
    Files.move(file, aside);
    return file + ": " + why + "; moved to " + aside.getFileName() + ", the round is run again";
  }
}
