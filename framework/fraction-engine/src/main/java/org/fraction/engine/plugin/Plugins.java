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
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
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
import java.util.jar.JarFile;
import org.fraction.engine.workflow.TypeCatalog;
import org.fraction.spi.Kind;
import org.fraction.spi.PluginModule;
import org.fraction.spi.PluginType;

/**
 * The plugins of this process: every {@link PluginModule} found by {@link ServiceLoader} on the
 * class path and in the given jars, combined into one Guice injector. The per-kind maps of
 * registered types in that injector are the only source of type names, for the workflow parser
 * and for {@code fraction plugins} alike.
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
    for (Kind<?> kind : Kind.all()) {
      Map<String, PluginType<?, ?>> map = injector.getInstance(Key.get(new TypeLiteral<Map<String, PluginType<?, ?>>>() {},
          Names.named(kind.name())));
      types.put(kind, Collections.unmodifiableMap(new TreeMap<>(map)));
    }
  }

  /** Loads the plugins on the class path and in {@code jars}. */
  public static Plugins load(List<Path> jars) {
    ClassLoader parent = Plugins.class.getClassLoader();
    ClassLoader loader = jars.isEmpty() ? parent : new URLClassLoader(urls(jars), parent);
    List<PluginModule> modules = new ArrayList<>();
    try {
      for (PluginModule m : ServiceLoader.load(PluginModule.class, loader)) {
        modules.add(m);
      }
    } catch (ServiceConfigurationError e) {
      throw new PluginException("a plugin could not be loaded: " + e.getMessage());
    }
    return of(modules, loader);
  }

  /** Combines the given modules (tests use this to install hand-written fakes). */
  public static Plugins of(List<? extends PluginModule> modules, ClassLoader loader) {
    List<Module> all = new ArrayList<>(modules);
    all.add(new AbstractModule() {
      @Override
      protected void configure() {
        for (Kind<?> kind : Kind.all()) {
          PluginModule.typesOf(binder(), kind);
        }
        PluginModule.commandsOf(binder());
      }
    });
    try {
      return new Plugins(Guice.createInjector(Stage.PRODUCTION, all), List.copyOf(modules), loader);
    } catch (CreationException e) {
      String message = e.getErrorMessages().stream().map(m -> m.getMessage().split("\n")[0]).distinct()
          .reduce((a, b) -> a + "; " + b).orElse(e.getMessage());
      throw new PluginException("plugins conflict: " + message);
    }
  }

  private static URL[] urls(List<Path> jars) {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < jars.size(); i++) {
      Path jar = jars.get(i);
      if (!Files.isRegularFile(jar)) {
        throw new PluginException(jar + ": no such plugin jar");
      }
      try (JarFile ignored = new JarFile(jar.toFile())) {
        urls[i] = jar.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new PluginException(jar + ": " + e.getMessage());
      } catch (IOException e) {
        throw new PluginException(jar + ": not a jar file (" + e.getMessage() + ")");
      }
    }
    return urls;
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
    for (org.fraction.spi.cli.Subcommand c : injector.getInstance(Key.get(new TypeLiteral<java.util.Set<org.fraction.spi.cli.Subcommand>>() {}))) {
      out.put(c.name(), c);
    }
    return out;
  }

  /** Every registered type of the kind, by name. */
  public Map<String, PluginType<?, ?>> types(Kind<?> kind) {
    return types.get(kind);
  }
}
