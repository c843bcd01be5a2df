package org.dnregistry.streams.research;

import java.util.EnumMap;
import java.util.Map;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.SuppressibleCount;

/**
 * Small-cell suppression of the research outputs (REFERENCE section 4): every count from 1 to 10 is suppressed,
 * plus complementary cells, so that over every relation a record publishes each suppressed cell can still be
 * anything from 0 to at least 11. A zero cell is never a complement: zeros are published as zeros.
 *
 * <p>The relation of a complications record is that its 16 adverse-event categories add up to ANY_MINOR + SERIOUS.
 * With only categories suppressed, those add up to a known total, so at least two of them must be suppressed and
 * their total must be 11 or more; complements are the smallest non-zero shown categories. When that cannot be done
 * (too few non-zero categories), or when ANY_MINOR or SERIOUS is itself small, both of them are suppressed: the
 * relation then bounds nothing. The test suite checks every record against an exact linear-programming audit.
 */
public final class Suppression {
  static final long SMALLEST_SHOWN_ABOVE_ZERO = 11;
  private static final int ADVERSE_EVENT_CATEGORIES = 16;

  private Suppression() {}

  /** Counts from 1 to 10 are small cells; 0 is shown. */
  public static boolean isSmall(long count) {
    return count > 0 && count < SMALLEST_SHOWN_ABOVE_ZERO;
  }

  public static SuppressibleCount shown(long count) {
    return new SuppressibleCount(count, false);
  }

  public static SuppressibleCount suppressed() {
    return new SuppressibleCount(null, true);
  }

  public static SuppressibleCount of(long count) {
    return isSmall(count) ? suppressed() : shown(count);
  }

  /** The events of one complications record, ANY_MINOR and SERIOUS included. */
  public static Map<ComplicationCategory, SuppressibleCount> events(Map<ComplicationCategory, Long> counts) {
    ComplicationCategory[] all = ComplicationCategory.values();
    long[] value = new long[all.length];
    boolean[] suppressed = new boolean[all.length];
    for (int i = 0; i < all.length; i++) {
      value[i] = counts.getOrDefault(all[i], 0L);
      suppressed[i] = isSmall(value[i]);
    }
    int minor = ComplicationCategory.ANY_MINOR.ordinal();
    int serious = ComplicationCategory.SERIOUS.ordinal();
    boolean totalsHidden = suppressed[minor] || suppressed[serious];
    if (!totalsHidden && anyCategory(suppressed) && !complementCategories(value, suppressed)) {
      totalsHidden = true;
    }
    if (totalsHidden) {
      suppressed[minor] = true;
      suppressed[serious] = true;
    }
    var out = new EnumMap<ComplicationCategory, SuppressibleCount>(ComplicationCategory.class);
    for (int i = 0; i < all.length; i++) {
      out.put(all[i], suppressed[i] ? suppressed() : shown(value[i]));
    }
    return out;
  }

  private static boolean anyCategory(boolean[] suppressed) {
    for (int i = 0; i < ADVERSE_EVENT_CATEGORIES; i++) {
      if (suppressed[i]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds the smallest non-zero shown categories until at least two are suppressed and they add up to 11 or more;
   * false when the non-zero categories run out first (the suppression so far is left as it is).
   */
  private static boolean complementCategories(long[] value, boolean[] suppressed) {
    while (true) {
      int cells = 0;
      long total = 0;
      for (int i = 0; i < ADVERSE_EVENT_CATEGORIES; i++) {
        if (suppressed[i]) {
          cells++;
          total += value[i];
        }
      }
      if (cells >= 2 && total >= SMALLEST_SHOWN_ABOVE_ZERO) {
        return true;
      }
      int smallest = -1;
      for (int i = 0; i < ADVERSE_EVENT_CATEGORIES; i++) {
        if (!suppressed[i] && value[i] > 0 && (smallest < 0 || value[i] < value[smallest])) {
          smallest = i;
        }
      }
      if (smallest < 0) {
        return false;
      }
      suppressed[smallest] = true;
    }
  }

  /**
   * Responders are suppressed when they or the non-responders are a small cell: either gives the other from n.
   * The non-responders are never published, so a suppressed responder count ranges from 0 to n.
   */
  public static SuppressibleCount responders(long n, long responders) {
    return isSmall(responders) || isSmall(n - responders) ? suppressed() : shown(responders);
  }
}
