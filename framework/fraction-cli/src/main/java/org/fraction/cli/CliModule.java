package org.fraction.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import java.io.PrintStream;
import org.fraction.engine.progress.ConsoleProgress;
import org.fraction.spi.data.FetchListener;

/**
 * The command line's part of the process's injector: the built-in commands, and where fetch
 * messages and progress go.
 */
final class CliModule extends AbstractModule {

  private final PrintStream out;

  CliModule(PrintStream out) {
    this.out = out;
  }

  @Override
  protected void configure() {
    Multibinder<Command> commands = Multibinder.newSetBinder(binder(), Command.class);
    commands.addBinding().to(RunCommand.class);
    commands.addBinding().to(ValidateCommand.class);
    commands.addBinding().to(PlanCommand.class);
    commands.addBinding().to(ResultsCommand.class);
    commands.addBinding().to(ReportCommand.class);
    commands.addBinding().to(ExportCommand.class);
    commands.addBinding().to(PredictCommand.class);
    commands.addBinding().to(ModelsCommand.class);
    commands.addBinding().to(PluginsCommand.class);
    commands.addBinding().to(DataCommand.class);
    commands.addBinding().to(StabilityCommand.class);
    OptionalBinder.newOptionalBinder(binder(), FetchListener.class)
        .setBinding()
        .toInstance(message -> out.println("data: " + message));
  }

  @Provides
  ConsoleProgress progress() {
    return new ConsoleProgress(out, ConsoleProgress.isTerminal());
  }
}
