package org.fraction.spi.cli;

import java.io.PrintStream;
import org.fraction.spi.tracking.StoredRuns;

/** What a plugin command gets from the command line: output streams and the run store. */
public record CommandContext(PrintStream out, PrintStream err, StoredRuns runs) {}
