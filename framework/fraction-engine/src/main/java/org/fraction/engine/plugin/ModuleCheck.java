package org.fraction.engine.plugin;

import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.InstanceBinding;
import com.google.inject.spi.Message;
import java.util.List;
import java.util.Set;
import org.fraction.engine.settings.EngineKeys;
import org.fraction.engine.workflow.Keys;
import org.fraction.spi.PluginModule;
import org.fraction.spi.PluginType;

/**
 * Records what a plugin module registers and checks it before any injector sees it, so that a
 * broken module is one line of bad input naming its jar and class: registration that throws (a type
 * name breaking the naming rule, say) and settings that declare a key the engine owns.
 */
final class ModuleCheck {

  private ModuleCheck() {}

  /**
   * The module's recorded bindings, ready to install; throws {@link PluginException} if it is
   * broken.
   */
  static Module recorded(PluginModule module) {
    String name = name(module);
    List<Element> elements = Elements.getElements(Stage.PRODUCTION, module);
    for (Element e : elements) {
      if (e instanceof Message m) {
        Throwable cause = m.getCause();
        throw new PluginException(
            name + ": " + (cause == null ? m.getMessage().split("\n")[0] : Causes.describe(cause)));
      }
      if (e instanceof InstanceBinding<?> b && b.getInstance() instanceof PluginType<?, ?> type) {
        checkKeys(name, type);
      }
    }
    return Elements.getModule(elements);
  }

  /** The module for messages: its jar (or the class path) and class. */
  static String name(PluginModule module) {
    return PluginJars.origin(module.getClass()) + ": plugin module " + module.getClass().getName();
  }

  private static void checkKeys(String name, PluginType<?, ?> type) {
    Set<String> owned = Keys.of(type.settings());
    owned.retainAll(EngineKeys.of(type.kind()));
    if (!owned.isEmpty()) {
      throw new PluginException(
          name
              + ": the settings of "
              + type.kind()
              + " type '"
              + type.name()
              + "' declare keys the engine owns: "
              + String.join(", ", owned));
    }
  }
}
