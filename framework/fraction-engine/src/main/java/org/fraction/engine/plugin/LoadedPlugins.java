package org.fraction.engine.plugin;

import com.google.inject.Module;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.fraction.spi.PluginModule;

/**
 * The plugin modules of this process, found by {@link ServiceLoader} on the class path and in the
 * {@code --plugins} jars, and the class loader that sees those jars.
 */
public record LoadedPlugins(List<PluginModule> modules, ClassLoader classLoader) {

  public LoadedPlugins {
    modules = List.copyOf(modules);
  }

  /**
   * Loads the plugins on the class path and in {@code jars}; a jar that is missing, registers no
   * module, or holds a module that cannot be created is a {@link PluginException} naming the jar.
   */
  public static LoadedPlugins load(List<Path> jars) {
    ClassLoader parent = LoadedPlugins.class.getClassLoader();
    ClassLoader loader =
        jars.isEmpty() ? parent : new URLClassLoader(PluginJars.urls(jars), parent);
    List<PluginModule> modules = new ArrayList<>();
    try {
      ServiceLoader.load(PluginModule.class, loader).stream().forEach(p -> modules.add(create(p)));
    } catch (ServiceConfigurationError e) {
      throw new PluginException("a plugin could not be loaded: " + e.getMessage());
    }
    return new LoadedPlugins(modules, loader);
  }

  /** The modules as recorded and checked, ready to install (see {@link ModuleCheck}). */
  public List<Module> checked() {
    return modules.stream().map(ModuleCheck::recorded).toList();
  }

  /**
   * Names the plugin module of the given class for messages ({@code <jar>: plugin module <class>}),
   * or {@code null} if it is not one of these modules.
   */
  public String describe(String moduleClass) {
    for (PluginModule m : modules) {
      if (m.getClass().getName().equals(moduleClass)) {
        return ModuleCheck.name(m);
      }
    }
    return null;
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
}
