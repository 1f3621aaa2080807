package org.fraction.engine.inject;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.spi.ElementSource;
import com.google.inject.spi.Message;
import com.google.inject.util.Modules;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.fraction.engine.plugin.LoadedPlugins;
import org.fraction.engine.plugin.PluginException;

/**
 * The composition root: the one injector of a process, built from the engine's module, the
 * extension modules on the class path, every plugin module and the front end's own modules (the
 * command line's, a Spark task's). Binding errors surface here, at start-up, as a {@link
 * PluginException} naming the plugin module they come from.
 */
public final class Composition {

  private Composition() {}

  /**
   * @param plugins the plugin modules and their class loader
   * @param process the front end's modules, e.g. its commands and where messages go
   * @param overrides modules whose bindings replace any of the above (tests install fakes here)
   */
  public static Injector create(
      LoadedPlugins plugins, List<? extends Module> process, List<? extends Module> overrides) {
    List<Module> all = new ArrayList<>();
    all.add(new EngineModule());
    all.addAll(extensions(plugins.classLoader()));
    all.addAll(plugins.checked());
    all.add(
        new AbstractModule() {
          @Override
          protected void configure() {
            bind(LoadedPlugins.class).toInstance(plugins);
          }
        });
    all.addAll(process);
    Module root =
        overrides.isEmpty() ? Modules.combine(all) : Modules.override(all).with(overrides);
    try {
      return Guice.createInjector(Stage.PRODUCTION, root);
    } catch (CreationException e) {
      throw new PluginException(describe(e, plugins));
    }
  }

  /**
   * The errors' first lines, each after the plugin module it comes from when there is one (then the
   * message starts like every other message about a plugin jar).
   */
  private static String describe(CreationException e, LoadedPlugins plugins) {
    String first = null;
    List<String> lines = new ArrayList<>();
    for (Message m : e.getErrorMessages()) {
      String line = origin(m, plugins) + m.getMessage().split("\n")[0];
      if (!lines.contains(line)) {
        lines.add(line);
      }
      if (first == null) {
        first = origin(m, plugins);
      }
    }
    String all = lines.isEmpty() ? e.getMessage() : String.join("; ", lines);
    return first == null || first.isEmpty() ? "plugins cannot be wired: " + all : all;
  }

  private static String origin(Message message, LoadedPlugins plugins) {
    for (Object source : message.getSources()) {
      // a plugin module's bindings are installed as recorded: its name is on the original source
      for (ElementSource s = source instanceof ElementSource e ? e : null;
          s != null;
          s = s.getOriginalElementSource()) {
        for (String name : s.getModuleClassNames()) {
          String module = plugins.describe(name);
          if (module != null) {
            return module + ": ";
          }
        }
      }
    }
    return "";
  }

  private static List<Module> extensions(ClassLoader loader) {
    List<Module> out = new ArrayList<>();
    try {
      ServiceLoader.load(ExtensionModule.class, loader).forEach(out::add);
    } catch (ServiceConfigurationError e) {
      throw new PluginException("an engine extension could not be loaded: " + e.getMessage());
    }
    return out;
  }
}
