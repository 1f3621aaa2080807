package org.fraction.spark;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.Success$;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;

/** Prints on the driver when a trial's task starts, ends or fails, and where. */
final class TaskProgress extends SparkListener {

  private final PrintStream out;
  private final List<String> trialIds;

  TaskProgress(PrintStream out, List<String> trialIds) {
    this.out = out;
    this.trialIds = trialIds;
  }

  private String trial(TaskInfo info) {
    return info.index() < trialIds.size() ? trialIds.get(info.index()) : "#" + info.index();
  }

  private static String where(TaskInfo info) {
    return info.host() + " executor " + info.executorId();
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart start) {
    TaskInfo info = start.taskInfo();
    out.println(
        "trial "
            + trial(info)
            + ": started on "
            + where(info)
            + (info.attemptNumber() > 0 ? " (attempt " + (info.attemptNumber() + 1) + ")" : ""));
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    TaskInfo info = end.taskInfo();
    if (end.reason() == Success$.MODULE$) {
      out.printf(
          Locale.ROOT,
          "trial %s: done on %s after %.1f s%n",
          trial(info),
          where(info),
          info.duration() / 1000.0);
    } else if (end.reason() instanceof TaskFailedReason failed) {
      String reason = failed.toErrorString().lines().findFirst().orElse("");
      out.println(
          "trial "
              + trial(info)
              + ": attempt "
              + (info.attemptNumber() + 1)
              + " on "
              + where(info)
              + " ended: "
              + reason);
    }
  }
}
