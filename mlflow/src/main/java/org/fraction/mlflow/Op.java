package org.fraction.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One call to the tracking server, as kept in the journal. Runs are named by a reference local to
 * the journal ({@code trial}, {@code round-3}) because their server ids are only known once
 * delivered; each server's ids are kept in the {@link Ledger}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Op.StartRun.class, name = "start-run"),
  @JsonSubTypes.Type(value = Op.LogParams.class, name = "log-params"),
  @JsonSubTypes.Type(value = Op.LogMetrics.class, name = "log-metrics"),
  @JsonSubTypes.Type(value = Op.Upload.class, name = "upload"),
  @JsonSubTypes.Type(value = Op.SetStatus.class, name = "set-status")
})
@JsonInclude(JsonInclude.Include.NON_NULL)
sealed interface Op {

  /** The run the call is about. */
  String run();

  /**
   * Finds or creates a run. Its identity is its {@link Identity} tags (plus the parent run), so a
   * run that reached the server before, from this journal or another copy of the trial, is found
   * again instead of duplicated.
   */
  record StartRun(String run, String parent, String name, Map<String, String> tags, long time)
      implements Op {
    public StartRun {
      tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
  }

  record LogParams(String run, Map<String, String> params) implements Op {
    public LogParams {
      params = Collections.unmodifiableMap(new TreeMap<>(params));
    }
  }

  record LogMetrics(String run, List<Point> points) implements Op {
    public LogMetrics {
      points = List.copyOf(points);
    }
  }

  /** One metric point; its key and step identify it within its run. */
  record Point(String key, double value, long step, long time) {}

  /**
   * Uploads a file under an artifact directory of the run.
   *
   * @param file relative to the journal's directory when inside it, else absolute
   * @param directory the artifact directory, e.g. {@code rounds}
   */
  record Upload(String run, String file, String directory) implements Op {}

  /** RUNNING (a run resumed), FINISHED, FAILED or KILLED, at the given time. */
  record SetStatus(String run, String status, long time) implements Op {}

  /** A journal line that could not be read; never delivered. */
  record Unreadable(String run, String line) implements Op {}
}
