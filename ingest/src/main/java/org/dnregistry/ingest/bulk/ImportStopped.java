package org.dnregistry.ingest.bulk;

/** The import cannot go on (a refused token, an unreachable gateway): the message says what to do. */
final class ImportStopped extends Exception {
  private static final long serialVersionUID = 1L;

  ImportStopped(String message) {
    super(message, null, false, false);
  }
}
