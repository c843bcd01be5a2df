package org.dnregistry.ingest.validation;

import java.util.List;
import org.dnregistry.ingest.events.ValidEvent;

/** The outcome of validating one event: the typed event, or every problem found in it. */
public sealed interface Validation {
  record Valid(ValidEvent event) implements Validation {}

  record Invalid(List<Issue> issues) implements Validation {
    public Invalid {
      issues = List.copyOf(issues);
      if (issues.isEmpty()) {
        throw new IllegalArgumentException("an invalid event has at least one issue");
      }
    }
  }
}
