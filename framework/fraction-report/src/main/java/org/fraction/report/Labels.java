package org.fraction.report;

import java.util.HashMap;
import java.util.Map;

/** Short names for trials and their controls, as long as needed to tell them apart. */
final class Labels {

  private final boolean showModel;
  private final Map<String, Integer> trialsPerKind = new HashMap<>();
  private final Map<String, Integer> indexInAlgebra = new HashMap<>();

  Labels(RunReport report) {
    showModel = report.trials().stream().map(TrialReport::model).distinct().count() > 1;
    Map<String, Integer> perAlgebra = new HashMap<>();
    for (TrialReport t : report.trials()) {
      trialsPerKind.merge(kind(t), 1, Integer::sum);
      indexInAlgebra.put(t.id(), perAlgebra.getOrDefault(t.algebra(), 0));
      perAlgebra.merge(t.algebra(), 1, Integer::sum);
    }
  }

  private String kind(TrialReport t) {
    return t.algebra() + (showModel ? " " + t.model() : "");
  }

  String trial(TrialReport t) {
    String kind = kind(t);
    return trialsPerKind.get(kind) > 1 ? kind + " [" + t.id() + "]" : kind;
  }

  String series(TrialReport t, SeriesReport s) {
    return trial(t) + (s.isTicket() ? "" : ", " + s.control());
  }

  /** 0 for the first trial of its algebra, 1 for the second, ... (for its colour). */
  int colourIndex(TrialReport t) {
    return indexInAlgebra.get(t.id());
  }
}
