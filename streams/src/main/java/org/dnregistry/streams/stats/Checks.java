package org.dnregistry.streams.stats;

/** Argument checks shared by the statistics; bad counts are a bug upstream, so they fail loudly. */
final class Checks {

    private Checks() {
    }

    static void nonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }

    static void finiteNonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, was " + value);
        }
    }

    /** Commons Statistics counts are ints; a count beyond that is far outside any registry's scale. */
    static int toIntCount(long value, String name) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be <= " + Integer.MAX_VALUE + ", was " + value);
        }
        return (int) value;
    }
}
