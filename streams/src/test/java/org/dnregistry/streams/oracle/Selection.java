package org.dnregistry.streams.oracle;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.dnregistry.avro.Indication;

/**
 * What one figure is asked for: a scope ({@code network} or {@code clinic:<id>}), an indication (a code or
 * {@code ALL}), a window ({@code 30}, {@code 90}, {@code 365} or {@code all}) and the day it ends on.
 */
record Selection(String scope, String indication, String window, LocalDate asOf) {
  static final String NETWORK = "network";
  static final String CLINIC_PREFIX = "clinic:";
  static final String ALL_INDICATIONS = "ALL";
  static final List<String> WINDOWS = List.of("30", "90", "365", "all");

  Selection {
    Objects.requireNonNull(asOf, "asOf");
    if (!scope.equals(NETWORK) && !(scope.startsWith(CLINIC_PREFIX) && scope.length() > CLINIC_PREFIX.length())) {
      throw new IllegalArgumentException("scope must be network or clinic:<id>: " + scope);
    }
    if (!indication.equals(ALL_INDICATIONS)) {
      Indication.valueOf(indication);
    }
    if (!WINDOWS.contains(window)) {
      throw new IllegalArgumentException("window must be one of " + WINDOWS + ": " + window);
    }
  }

  boolean includesClinic(String clinicId) {
    return scope.equals(NETWORK) || scope.equals(CLINIC_PREFIX + clinicId);
  }

  boolean includesIndication(Indication code) {
    return indication.equals(ALL_INDICATIONS) || indication.equals(code.name());
  }

  /** Days asOf-W+1 .. asOf for a window of W days; every day up to asOf for {@code all}. */
  boolean includesDay(LocalDate day) {
    if (day.isAfter(asOf)) {
      return false;
    }
    if (window.equals("all")) {
      return true;
    }
    LocalDate first = asOf.minusDays(Long.parseLong(window) - 1);
    return !day.isBefore(first);
  }
}
