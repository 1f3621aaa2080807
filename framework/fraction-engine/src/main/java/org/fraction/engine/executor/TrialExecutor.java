package org.fraction.engine.executor;

import java.util.List;
import org.fraction.engine.plan.WorkflowPlan;
import org.fraction.engine.train.TrialRunner;

/**
 * Runs a workflow's trials. The planner yields self-contained trials; an executor decides where
 * they run: in this process ({@link LocalExecutor}) or elsewhere (a cluster), each one resuming
 * from its last complete round in the shared run store.
 */
public interface TrialExecutor {

  /** Runs every trial of the plan and returns their outcomes in plan order. */
  List<TrialRunner.Outcome> execute(WorkflowPlan plan, ExecutionContext context) throws Exception;
}
