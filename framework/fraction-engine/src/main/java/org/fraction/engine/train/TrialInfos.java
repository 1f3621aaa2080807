package org.fraction.engine.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fraction.engine.backend.NativeRuntimeInfo;
import org.fraction.engine.plan.Trial;
import org.fraction.engine.settings.WorkflowSettings;
import org.fraction.engine.workflow.SettingsMaps;
import org.fraction.spi.tracking.TrialInfo;

/** Builds the {@link TrialInfo} that trackers and progress output see. */
public final class TrialInfos {

  private TrialInfos() {}

  public static TrialInfo of(Trial trial, String control, Path directory) {
    WorkflowSettings s = trial.settings();
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("model", s.model().typeName());
    tags.put("algebra", s.model().engine().algebra().id());
    tags.put("dataset", s.dataset().typeName());
    tags.put("pruning", s.pruning() == null ? "" : s.pruning().typeName());
    tags.put("trial", trial.id());
    tags.put("control", control);
    tags.put("version", FractionVersion.get());
    return new TrialInfo(
        trial.name(),
        trial.id(),
        control,
        SettingsMaps.flatten(SettingsMaps.describe(s)),
        tags,
        directory,
        s.rounds());
  }

  /**
   * The same with the native settings its rounds were (or are being) made with, as the settings
   * {@code native.threads} and {@code native.build} (trackers record them as params).
   */
  public static TrialInfo of(
      Trial trial, String control, Path directory, NativeRuntimeInfo runtime) {
    TrialInfo info = of(trial, control, directory);
    Map<String, String> settings = new LinkedHashMap<>(info.settings());
    settings.put("native.threads", Integer.toString(runtime.threads()));
    settings.put("native.build", runtime.build());
    return new TrialInfo(
        info.workflow(),
        info.trialId(),
        info.control(),
        settings,
        info.tags(),
        info.directory(),
        info.plannedRounds());
  }
}
