package org.fraction.spi;

/**
 * Creates an implementation from its bound settings, for types registered with a factory class (see
 * {@link PluginModule#register(Kind, String, Class, Class, String)}). The process's injector makes
 * the factory, so its {@code @Inject} constructor may ask for services, e.g. a {@link
 * java.time.Clock} or the {@link org.fraction.spi.data.FetchListener}.
 */
public interface PluginFactory<C, T> {

  T create(C settings);
}
