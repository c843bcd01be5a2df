package org.dnregistry.ingest.bulk;

import java.io.Closeable;
import java.io.IOException;

/** Reads the events of one import file one at a time, so a file of any size needs only one event in memory. */
public interface EventSource extends Closeable {
  /** The next event or unreadable line; null at the end of the file. */
  SourceLine next() throws IOException;
}
