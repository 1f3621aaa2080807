package org.fraction.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Short names for trials and their controls, as long as needed to tell them apart. */
final class Labels {

  private final boolean showModel;
  private final List<Function<TrialReport, String>> methodParts;
  private final List<String> methods;
  private final Map<String, Integer> trialsPerKind = new HashMap<>();
  private final Map<String, Integer> indexInAlgebra = new HashMap<>();

  Labels(RunReport report) {
    showModel = report.trials().stream().map(TrialReport::model).distinct().count() > 1;
    methodParts =
        Stream.<Function<TrialReport, String>>of(
                TrialReport::pruningType,
                t -> t.prunesAtInit() ? "at init" : "",
                TrialReport::method)
            .filter(part -> report.trials().stream().map(part).distinct().count() > 1)
            .toList();
    methods = report.trials().stream().map(this::method).distinct().toList();
    Map<String, Integer> perAlgebra = new HashMap<>();
    for (TrialReport t : report.trials()) {
      trialsPerKind.merge(kind(t), 1, Integer::sum);
      indexInAlgebra.put(t.id(), perAlgebra.getOrDefault(t.algebra(), 0));
      perAlgebra.merge(t.algebra(), 1, Integer::sum);
    }
  }

  private String kind(TrialReport t) {
    return t.algebra()
        + (showModel ? " " + t.model() : "")
        + (comparesMethods() ? ", " + method(t) : "");
  }

  /**
   * How the trial prunes, in the parts that differ between the run's trials: the strategy, "at
   * init" for pruning at initialisation, the retraining mode, e.g. "snip at init" or "lr-rewind".
   */
  private String method(TrialReport t) {
    return methodParts.stream()
        .map(part -> part.apply(t))
        .filter(s -> !s.isEmpty())
        .collect(Collectors.joining(" "));
  }

  /** Whether the trials differ in how they prune or retrain (then each method is its own line). */
  boolean comparesMethods() {
    return methods.size() > 1;
  }

  String trial(TrialReport t) {
    String kind = kind(t);
    return trialsPerKind.get(kind) > 1 ? kind + " [" + t.id() + "]" : kind;
  }

  String series(TrialReport t, SeriesReport s) {
    return trial(t) + (s.isTicket() ? "" : ", " + s.control());
  }

  /**
   * 0 for the first trial of its algebra, 1 for the second, ... (for its colour); when methods are
   * compared, the method's index, so that a method has the same shade in both algebras.
   */
  int colourIndex(TrialReport t) {
    return comparesMethods() ? methods.indexOf(method(t)) : indexInAlgebra.get(t.id());
  }
}
