package org.fraction.spi.data;

/** Told what a data set is fetching, for progress output. */
@FunctionalInterface
public interface FetchListener {

  void status(String message);

  FetchListener SILENT = message -> {};
}
