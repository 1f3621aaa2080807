package org.fraction.plugins.pruning;

/**
 * A strategy without settings of its own (keep, rounds, rewind and exclude belong to the engine).
 */
public record NoSettings() {}
