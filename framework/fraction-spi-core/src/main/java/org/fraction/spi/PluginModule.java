package org.fraction.spi;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.name.Names;
import java.util.function.Function;

/**
 * A plugin family: one Guice module, found through {@code
 * META-INF/services/org.fraction.spi.PluginModule}.
 *
 * <p>Implementations override {@link #registerTypes()} and call {@link #register} once per type
 * name. That single call feeds the Guice map of the kind, which is also what the workflow parser
 * reads, so the two can never disagree.
 */
public abstract class PluginModule extends AbstractModule {

  /** A short name for the plugin, shown by {@code fraction plugins}. */
  public abstract String pluginName();

  /** Registers this plugin's types with {@link #register}. */
  protected abstract void registerTypes();

  @Override
  protected final void configure() {
    registerTypes();
  }

  /**
   * Registers one implementation.
   *
   * @param kind the family
   * @param typeName the workflow name, e.g. {@code global-magnitude}
   * @param settings the record its workflow block binds to
   * @param factory creates the implementation from bound settings
   * @param summary one line for {@code fraction plugins}
   */
  protected final <C extends Record, T> void register(
      Kind<T> kind,
      String typeName,
      Class<C> settings,
      Function<? super C, ? extends T> factory,
      String summary) {
    PluginType<C, T> type =
        new PluginType<>(kind, typeName, settings, factory, summary, pluginName());
    typesOf(binder(), kind).addBinding(typeName).toInstance(type);
  }

  /**
   * Registers one implementation made by a factory the injector creates, for implementations that
   * need services of the process (the factory's {@code @Inject} constructor asks for them). A
   * service no module binds fails at start-up, naming this module.
   *
   * @param factory a class with an {@code @Inject} constructor, or a public one without arguments
   */
  protected final <C extends Record, T> void register(
      Kind<T> kind,
      String typeName,
      Class<C> settings,
      Class<? extends PluginFactory<? super C, ? extends T>> factory,
      String summary) {
    Provider<? extends PluginFactory<? super C, ? extends T>> made = getProvider(factory);
    register(kind, typeName, settings, c -> made.get().create(c), summary);
  }

  /** Adds a command to the command line ({@code fraction <name> ...}). */
  protected final void registerCommand(org.fraction.spi.cli.Subcommand command) {
    commandsOf(binder()).addBinding().toInstance(command);
  }

  /** The set binder that holds the commands plugins add. */
  public static com.google.inject.multibindings.Multibinder<org.fraction.spi.cli.Subcommand>
      commandsOf(com.google.inject.Binder binder) {
    return com.google.inject.multibindings.Multibinder.newSetBinder(
        binder, org.fraction.spi.cli.Subcommand.class);
  }

  /** The map binder that holds every type of one kind, keyed by type name. */
  public static MapBinder<String, PluginType<?, ?>> typesOf(
      com.google.inject.Binder binder, Kind<?> kind) {
    return MapBinder.newMapBinder(
        binder,
        new TypeLiteral<String>() {},
        new TypeLiteral<PluginType<?, ?>>() {},
        Names.named(kind.name()));
  }
}
