package org.fraction.plugins.models;

/** Settings of {@code lenet-300-100}. */
public record LeNetSettings() {}
