package org.fraction.engine.workflow;

/** The engine's keys of a plugin block that has none besides {@code type}. */
public record NoKeys() {}
