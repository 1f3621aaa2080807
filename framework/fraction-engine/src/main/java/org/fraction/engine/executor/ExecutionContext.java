package org.fraction.engine.executor;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.store.RunStore;
import org.fraction.engine.train.TrialObserver;

/**
 * What an executor needs besides the trials.
 *
 * @param store the runs root all trials write to
 * @param pluginJars jars given with {@code --plugins}, for executors in other processes
 * @param observers makes the observer (progress, trackers) of a trial
 * @param out where an executor reports what the observers do not see, e.g. where a trial runs
 * @param err where an executor reports problems that do not stop the run
 */
public record ExecutionContext(
    RunStore store,
    List<Path> pluginJars,
    Function<Trial, TrialObserver> observers,
    PrintStream out,
    PrintStream err) {

  public ExecutionContext(
      RunStore store, List<Path> pluginJars, Function<Trial, TrialObserver> observers) {
    this(store, pluginJars, observers, System.out, System.err);
  }
}
