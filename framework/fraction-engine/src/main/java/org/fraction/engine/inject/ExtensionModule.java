package org.fraction.engine.inject;

import com.google.inject.AbstractModule;

/**
 * An engine-side module found on the class path through {@code
 * META-INF/services/org.fraction.engine.inject.ExtensionModule}, for what is not a plugin type:
 * trial executors (see {@link EngineModule#executors}), engine services for other modules. Unlike a
 * plugin module it may use the engine's classes; it is installed in the same injector.
 */
public abstract class ExtensionModule extends AbstractModule {}
