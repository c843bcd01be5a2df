package org.dnregistry.streams.stats;

import java.util.Objects;

import org.dnregistry.avro.Instrument;

/**
 * Minimal clinically important differences (MCIDs) of the outcome instruments, in the instrument's own
 * points (REFERENCE section 4), and the direction in which each instrument improves.
 *
 * <p>Changes are carried in exact hundredths of a point elsewhere, so the MCID is also offered in
 * hundredths: a responder test {@code change >= MCID} is then an exact integer comparison.
 */
public final class Mcid {

    /** NPRS 0-10: 2.0 points. Farrar JT et al., Pain 2001;94(2):149-158. */
    private static final long NPRS_HUNDREDTHS = 200;
    /** NDI 0-50 raw points: 7.5 points. Young BA et al., Spine J 2009;9(10):802-808 (Young 2009). */
    private static final long NDI_HUNDREDTHS = 750;
    /** ODI 0-100: 10 points. Ostelo RW et al., Spine 2008;33(1):90-94. */
    private static final long ODI_HUNDREDTHS = 1000;
    /** PSFS 0-10: 2.0 points. Stratford P et al., Physiother Can 1995;47(4):258-263. */
    private static final long PSFS_HUNDREDTHS = 200;

    private Mcid() {
    }

    /** The MCID in hundredths of a point of the instrument's scale. */
    public static long hundredths(Instrument instrument) {
        Objects.requireNonNull(instrument, "instrument");
        return switch (instrument) {
            case NPRS -> NPRS_HUNDREDTHS;
            case NDI -> NDI_HUNDREDTHS;
            case ODI -> ODI_HUNDREDTHS;
            case PSFS -> PSFS_HUNDREDTHS;
        };
    }

    /** The MCID in points of the instrument's scale. */
    public static double points(Instrument instrument) {
        // Exact for these values (2.0, 7.5, 10.0): all are binary fractions.
        return hundredths(instrument) / 100.0;
    }

    /**
     * Whether a higher score is the better state. PSFS scores ability (0 unable, 10 as before the problem);
     * NPRS, NDI and ODI score pain or disability. So change is {@code followUp - baseline} for PSFS and
     * {@code baseline - followUp} for the others, making a positive change always an improvement
     * (REFERENCE section 4).
     */
    public static boolean higherIsBetter(Instrument instrument) {
        Objects.requireNonNull(instrument, "instrument");
        return instrument == Instrument.PSFS;
    }
}
