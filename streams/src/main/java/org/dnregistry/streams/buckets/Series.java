package org.dnregistry.streams.buckets;

import java.time.LocalDate;
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
    return LocalDate.parse(bucketKey.substring(bucketKey.lastIndexOf(SEP) + 1));
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
