package org.fraction.mlflow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Words for what did not reach the server. */
final class Report {

  private Report() {}

  /**
   * One line per lane with calls still waiting or refused in this session; empty when all arrived.
   */
  static List<String> undelivered(List<Courier.Lane> lanes, String downReason) {
    List<String> out = new ArrayList<>();
    Path runDir = null;
    for (Courier.Lane lane : lanes) {
      int pending = lane.pending();
      if (pending > 0) {
        out.add(
            lane.label
                + ": "
                + pending
                + (pending == 1 ? " call" : " calls")
                + " not delivered"
                + (downReason == null ? "" : " (" + downReason + ")")
                + ", kept in "
                + lane.journal.file());
        if (runDir == null) {
          runDir = workflowDirectory(lane);
        }
      }
      refusals(lane).forEach(r -> out.add(lane.label + ": refused by the server: " + r));
    }
    if (runDir != null) {
      out.add("send them with: fraction mlflow sync " + runDir);
    }
    return out;
  }

  /** The reasons of the calls the server refused in this session. */
  static List<String> refusals(Courier.Lane lane) {
    List<Ledger.Rejection> all = lane.rejections();
    int n = Math.min(lane.refused, all.size());
    return all.subList(all.size() - n, all.size()).stream().map(Ledger.Rejection::reason).toList();
  }

  /** The workflow's run directory: above the trial's, or above a control's trial. */
  static Path workflowDirectory(Courier.Lane lane) {
    Path dir = lane.journal.directory().toAbsolutePath().normalize();
    Path trial = lane.label.contains("/") ? dir.getParent() : dir;
    return trial.getParent() == null ? trial : trial.getParent();
  }
}
