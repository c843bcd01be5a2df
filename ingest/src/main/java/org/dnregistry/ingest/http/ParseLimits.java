package org.dnregistry.ingest.http;

/**
 * What one request may hold besides bytes, so its memory is bounded by more than its size: a 16 MiB body of
 * {@code {}} is five million events, and one event of {@code "a":1,} pairs is two million fields; each becomes
 * objects on the heap, and each unknown field an error in the answer.
 *
 * @param maxEvents events per request; more is a 413 (send several requests)
 * @param maxFieldsPerEvent fields and list items of one event, at any depth; more is a 422 for that event
 * @param maxCollectedIssues problems kept for the 422 answer; beyond it they are only counted
 */
public record ParseLimits(int maxEvents, int maxFieldsPerEvent, int maxCollectedIssues) {
  public static final int DEFAULT_MAX_EVENTS = 10_000;
  /** A session with every field, 50 regions and 6 cointerventions has 72; twice that leaves room. */
  public static final int DEFAULT_MAX_FIELDS_PER_EVENT = 150;
  public static final int DEFAULT_MAX_ISSUES = 10_000;

  public ParseLimits {
    if (maxEvents < 1 || maxFieldsPerEvent < 1 || maxCollectedIssues < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  public static ParseLimits defaults() {
    return new ParseLimits(DEFAULT_MAX_EVENTS, DEFAULT_MAX_FIELDS_PER_EVENT, DEFAULT_MAX_ISSUES);
  }
}
