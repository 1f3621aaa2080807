package org.fraction.engine.plugin;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.fraction.engine.inject.Composition;
import org.fraction.engine.workflow.TypeCatalog;
import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;
import org.fraction.spi.PluginType;
import org.fraction.spi.cli.Subcommand;

/**
 * The plugins of this process: every {@link PluginModule} found on the class path and in the given
 * jars, installed in the process's injector (see {@link Composition}). The per-kind maps of
 * registered types in that injector are the only source of type names, for the workflow parser and
 * for {@code fraction plugins} alike.
 */
public final class Plugins implements TypeCatalog {

  private final List<PluginModule> modules;
  private final ClassLoader classLoader;
  private final Map<Kind<?>, Map<String, PluginType<?, ?>>> types = new LinkedHashMap<>();
  private final Map<String, Subcommand> commands = new TreeMap<>();

  @Inject
  Plugins(Injector injector, LoadedPlugins loaded, Set<Subcommand> commands) {
    this.modules = loaded.modules();
    this.classLoader = loaded.classLoader();
    for (Kind<?> kind : Kinds.all()) {
      Map<String, PluginType<?, ?>> map =
          injector.getInstance(
              Key.get(
                  new TypeLiteral<Map<String, PluginType<?, ?>>>() {}, Names.named(kind.name())));
      types.put(kind, Collections.unmodifiableMap(new TreeMap<>(map)));
    }
    commands.forEach(c -> this.commands.put(c.name(), c));
  }

  /**
   * The plugins on the class path and in {@code jars}, in an injector of the engine's modules and
   * theirs; a broken jar or module is a {@link PluginException} naming it.
   */
  public static Plugins load(List<Path> jars) {
    return Composition.create(LoadedPlugins.load(jars), List.of(), List.of())
        .getInstance(Plugins.class);
  }

  /** Combines the given modules (tests use this to install hand-written fakes). */
  public static Plugins of(List<? extends PluginModule> modules, ClassLoader loader) {
    return Composition.create(new LoadedPlugins(List.copyOf(modules), loader), List.of(), List.of())
        .getInstance(Plugins.class);
  }

  public List<PluginModule> modules() {
    return modules;
  }

  /** The loader that sees the plugin jars; set it as the context class loader while running. */
  public ClassLoader classLoader() {
    return classLoader;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<PluginType<?, T>> find(Kind<T> kind, String name) {
    return Optional.ofNullable((PluginType<?, T>) types.get(kind).get(name));
  }

  @Override
  public Collection<String> names(Kind<?> kind) {
    return types.get(kind).keySet();
  }

  /** The commands plugins add to the command line, by name. */
  public Map<String, Subcommand> commands() {
    return Collections.unmodifiableMap(commands);
  }

  /** Every registered type of the kind, by name. */
  public Map<String, PluginType<?, ?>> types(Kind<?> kind) {
    return types.get(kind);
  }
}
