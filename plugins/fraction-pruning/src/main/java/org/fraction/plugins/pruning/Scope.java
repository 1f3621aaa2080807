package org.fraction.plugins.pruning;

/** Whether weights compete across all layers or within their own layer. */
public enum Scope {
  GLOBAL,
  LAYER
}
