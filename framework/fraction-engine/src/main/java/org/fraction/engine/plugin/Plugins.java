package org.fraction.engine.plugin;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.name.Names;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.fraction.engine.workflow.TypeCatalog;
import org.fraction.spi.Kind;
import org.fraction.spi.Kinds;
import org.fraction.spi.PluginModule;
import org.fraction.spi.PluginType;

/**
 * The plugins of this process: every {@link PluginModule} found by {@link ServiceLoader} on the
 * class path and in the given jars, combined into one Guice injector. The per-kind maps of
 * registered types in that injector are the only source of type names, for the workflow parser and
 * for {@code fraction plugins} alike.
 */
public final class Plugins implements TypeCatalog {

  private final Injector injector;
  private final List<PluginModule> modules;
  private final ClassLoader classLoader;
  private final Map<Kind<?>, Map<String, PluginType<?, ?>>> types = new LinkedHashMap<>();

  private Plugins(Injector injector, List<PluginModule> modules, ClassLoader classLoader) {
    this.injector = injector;
    this.modules = List.copyOf(modules);
    this.classLoader = classLoader;
    for (Kind<?> kind : Kinds.all()) {
      Map<String, PluginType<?, ?>> map =
          injector.getInstance(
              Key.get(
                  new TypeLiteral<Map<String, PluginType<?, ?>>>() {}, Names.named(kind.name())));
      types.put(kind, Collections.unmodifiableMap(new TreeMap<>(map)));
    }
  }

  /**
   * Loads the plugins on the class path and in {@code jars}; a jar that is missing, registers no
   * module, or holds a module that cannot be created or registers a broken type is a {@link
   * PluginException} naming the jar.
   */
  public static Plugins load(List<Path> jars) {
    ClassLoader parent = Plugins.class.getClassLoader();
    ClassLoader loader =
        jars.isEmpty() ? parent : new URLClassLoader(PluginJars.urls(jars), parent);
    List<PluginModule> modules = new ArrayList<>();
    try {
      ServiceLoader.load(PluginModule.class, loader).stream().forEach(p -> modules.add(create(p)));
    } catch (ServiceConfigurationError e) {
      throw new PluginException("a plugin could not be loaded: " + e.getMessage());
    }
    return of(modules, loader);
  }

  private static PluginModule create(ServiceLoader.Provider<PluginModule> provider) {
    try {
      return provider.get();
    } catch (ServiceConfigurationError e) {
      throw new PluginException(
          PluginJars.origin(provider.type())
              + ": plugin module "
              + provider.type().getName()
              + " could not be created: "
              + Causes.describe(e.getCause() == null ? e : e.getCause()));
    }
  }

  /** Combines the given modules (tests use this to install hand-written fakes). */
  public static Plugins of(List<? extends PluginModule> modules, ClassLoader loader) {
    List<Module> all = new ArrayList<>();
    modules.forEach(m -> all.add(ModuleCheck.recorded(m)));
    all.add(
        new AbstractModule() {
          @Override
          protected void configure() {
            for (Kind<?> kind : Kinds.all()) {
              PluginModule.typesOf(binder(), kind);
            }
            PluginModule.commandsOf(binder());
          }
        });
    try {
      return new Plugins(Guice.createInjector(Stage.PRODUCTION, all), List.copyOf(modules), loader);
    } catch (CreationException e) {
      String message =
          e.getErrorMessages().stream()
              .map(m -> m.getMessage().split("\n")[0])
              .distinct()
              .reduce((a, b) -> a + "; " + b)
              .orElse(e.getMessage());
      throw new PluginException("plugins conflict: " + message);
    }
  }

  public Injector injector() {
    return injector;
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
  public Map<String, org.fraction.spi.cli.Subcommand> commands() {
    Map<String, org.fraction.spi.cli.Subcommand> out = new TreeMap<>();
    for (org.fraction.spi.cli.Subcommand c :
        injector.getInstance(
            Key.get(new TypeLiteral<java.util.Set<org.fraction.spi.cli.Subcommand>>() {}))) {
      out.put(c.name(), c);
    }
    return out;
  }

  /** Every registered type of the kind, by name. */
  public Map<String, PluginType<?, ?>> types(Kind<?> kind) {
    return types.get(kind);
  }
}
