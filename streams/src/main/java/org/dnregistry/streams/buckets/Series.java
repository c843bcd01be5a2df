package org.dnregistry.streams.buckets;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.dnregistry.avro.Indication;

/**
 * Names of the series the day buckets are kept for: {@code <scope>|<indication>}, where the scope is
 * {@code network} or {@code clinic:<clinicId>} and the indication a code or {@code ALL}. A bucket's key is
 * {@code <series>|yyyy-MM-dd}, so the days of one series are contiguous and in order in a key-value store, and a
 * window is one range scan. Clinic ids never contain {@code |} (ingest and the topology reject them).
 */
public final class Series {
  public static final String NETWORK = "network";
  public static final String CLINIC_PREFIX = "clinic:";
  public static final String ALL = "ALL";
  private static final char SEP = '|';

  private Series() {}

  public static String scopeOfClinic(String clinicId) {
    return CLINIC_PREFIX + clinicId;
  }

  public static String of(String scope, String indication) {
    return scope + SEP + indication;
  }

  /** The four series one fact of this clinic and indication adds to. */
  public static List<String> touchedBy(String clinicId, Indication indication) {
    String clinic = scopeOfClinic(clinicId);
    return List.of(of(NETWORK, indication.name()), of(NETWORK, ALL), of(clinic, indication.name()), of(clinic, ALL));
  }

  public static String bucketKey(String series, LocalDate day) {
    return series + SEP + day;
  }

  /** The smallest key of the series: every bucket key of the series sorts at or after it. */
  public static String firstKey(String series) {
    return series + SEP;
  }

  public static String seriesOfBucket(String bucketKey) {
    return bucketKey.substring(0, bucketKey.lastIndexOf(SEP));
  }

  public static LocalDate dayOfBucket(String bucketKey) {
    // Every surveillance evaluation parses each bucket key of a scope's history (PipelineBench JFR profile:
    // LocalDate.parse was about a fifth of SignalAlerts' CPU), so the written form, yyyy-MM-dd, is read directly;
    // anything else (a year beyond 9999 is written with a sign) goes through the parser as before.
    int at = bucketKey.lastIndexOf(SEP) + 1;
    if (bucketKey.length() - at == 10 && bucketKey.charAt(at + 4) == '-' && bucketKey.charAt(at + 7) == '-') {
      int year = digits(bucketKey, at, 4);
      int month = digits(bucketKey, at + 5, 2);
      int day = digits(bucketKey, at + 8, 2);
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= YearMonth.of(year, month).lengthOfMonth()) {
        return LocalDate.of(year, month, day);
      }
    }
    return LocalDate.parse(bucketKey.substring(at));
  }

  /** The value of {@code n} ASCII digits at {@code from}, or -1 when one of them is not a digit. */
  private static int digits(String s, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** The clinic of a clinic series ({@code clinic:<id>|...}), or null for a network series. */
  public static String clinicOf(String series) {
    if (!series.startsWith(CLINIC_PREFIX)) {
      return null;
    }
    return series.substring(CLINIC_PREFIX.length(), series.indexOf(SEP));
  }

  public static String scopeOf(String series) {
    return series.substring(0, series.indexOf(SEP));
  }

  public static String indicationOf(String series) {
    return series.substring(series.indexOf(SEP) + 1);
  }
}
