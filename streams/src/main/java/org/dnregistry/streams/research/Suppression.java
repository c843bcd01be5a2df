package org.dnregistry.streams.research;

import java.util.EnumMap;
import java.util.Map;
import org.dnregistry.avro.ComplicationCategory;
import org.dnregistry.avro.SuppressibleCount;

/**
 * Small-cell suppression of the research outputs (CONTRACT.md section 4): every count from 1 to 10 is suppressed,
 * plus complementary cells so that a suppressed count cannot be derived from what is published.
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

  /**
   * The events of one complications row. Among the 16 adverse-event categories, if exactly one cell is suppressed,
   * the smallest other cell is suppressed too (ties: the first in enum order), so it cannot be recovered from the
   * row total; ANY_MINOR and SERIOUS, which add up to that total, are suppressed together.
   */
  public static Map<ComplicationCategory, SuppressibleCount> events(Map<ComplicationCategory, Long> counts) {
    ComplicationCategory[] all = ComplicationCategory.values();
    var suppressed = new boolean[all.length];
    int inCategories = 0;
    for (int i = 0; i < all.length; i++) {
      suppressed[i] = isSmall(counts.getOrDefault(all[i], 0L));
      if (i < ADVERSE_EVENT_CATEGORIES && suppressed[i]) {
        inCategories++;
      }
    }
    if (inCategories == 1) {
      int smallest = -1;
      for (int i = 0; i < ADVERSE_EVENT_CATEGORIES; i++) {
        if (!suppressed[i] && (smallest < 0 || counts.getOrDefault(all[i], 0L) < counts.getOrDefault(all[smallest], 0L))) {
          smallest = i;
        }
      }
      if (smallest >= 0) {
        suppressed[smallest] = true;
      }
    }
    int minor = ComplicationCategory.ANY_MINOR.ordinal();
    int serious = ComplicationCategory.SERIOUS.ordinal();
    if (suppressed[minor] || suppressed[serious]) {
      suppressed[minor] = true;
      suppressed[serious] = true;
    }
    var out = new EnumMap<ComplicationCategory, SuppressibleCount>(ComplicationCategory.class);
    for (int i = 0; i < all.length; i++) {
      out.put(all[i], suppressed[i] ? suppressed() : shown(counts.getOrDefault(all[i], 0L)));
    }
    return out;
  }

  /** Responders are suppressed when they or the non-responders are a small cell (either gives the other from n). */
  public static SuppressibleCount responders(long n, long responders) {
    return isSmall(responders) || isSmall(n - responders) ? suppressed() : shown(responders);
  }
}
