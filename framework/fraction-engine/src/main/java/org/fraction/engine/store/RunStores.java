package org.fraction.engine.store;

import java.nio.file.Path;

/** Opens the run store at a runs root ({@code run --out DIR}). */
public interface RunStores {

  /** The store on the local filesystem. */
  RunStores ON_DISK = RunStore::new;

  RunStore open(Path root);
}
