package org.dnregistry.streams.episodes;

import java.util.EnumSet;
import java.util.Set;
import org.dnregistry.avro.GuidelineFlag;

/** Guideline flags as a bit per {@link GuidelineFlag} ordinal: small to store, exact to compare. */
public final class Flags {
  private static final GuidelineFlag[] ALL = GuidelineFlag.values();

  private Flags() {}

  static int bits(Set<GuidelineFlag> flags) {
    int bits = 0;
    for (GuidelineFlag f : flags) {
      bits |= 1 << f.ordinal();
    }
    return bits;
  }

  static int bit(GuidelineFlag flag) {
    return 1 << flag.ordinal();
  }

  public static EnumSet<GuidelineFlag> set(int bits) {
    var set = EnumSet.noneOf(GuidelineFlag.class);
    for (GuidelineFlag f : ALL) {
      if ((bits & (1 << f.ordinal())) != 0) {
        set.add(f);
      }
    }
    return set;
  }
}
