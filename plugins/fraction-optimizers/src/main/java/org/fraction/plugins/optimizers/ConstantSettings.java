package org.fraction.plugins.optimizers;

/** The constant schedule takes no settings. */
public record ConstantSettings() {}
