package org.fraction.engine.executor;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.fraction.engine.backend.NativeThreads;
import org.fraction.engine.data.DataCache;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.train.TrialRunner;
import org.fraction.engine.train.TrialThreads;

/** Runs trials one after another in this process, sharing loaded data between them. */
public final class LocalExecutor implements TrialExecutor {

  private final DataCache data;
  private final TrialRunner.Factory runners;

  @Inject
  public LocalExecutor(DataCache data, TrialRunner.Factory runners) {
    this.data = data;
    this.runners = runners;
  }

  @Override
  public List<TrialRunner.Outcome> execute(WorkflowPlan plan, ExecutionContext context)
      throws Exception {
    List<TrialRunner.Outcome> outcomes = new ArrayList<>();
    for (Trial trial : plan.trials()) {
      // each trial computes with the thread count its model's size calls for (Spark tasks keep
      // their spark.task.cpus instead)
      NativeThreads.apply(TrialThreads.choose(trial));
      outcomes.add(
          runners.create(trial, context.store(), data, context.observers().apply(trial)).run());
    }
    return outcomes;
  }
}
