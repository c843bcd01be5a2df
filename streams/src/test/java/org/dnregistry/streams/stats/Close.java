package org.dnregistry.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Relative-tolerance assertions against reference values: a reference of 0 demands exactly 0. */
final class Close {

    /**
     * 1e-9 relative, for every reference value, quantiles included: Commons Statistics 1.2 agrees with R
     * 4.2.2 to about 1e-15 on all values here (1e-13 in a 1e-172 tail), so this still fails on any formula
     * slip (a wrong tail, degrees of freedom, or off-by-one count) while leaving room for library updates.
     */
    static final double TOLERANCE = 1e-9;

    private Close() {
    }

    static void assertRelative(Double actual, double expected) {
        assertThat(actual).as("relative to %s within %s", expected, TOLERANCE)
                .isNotNull()
                .isCloseTo(expected, within(Math.abs(expected) * TOLERANCE));
    }
}
