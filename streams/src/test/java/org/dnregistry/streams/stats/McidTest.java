package org.dnregistry.streams.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.dnregistry.avro.Instrument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class McidTest {

    /* Published values, restated here independently of the code (REFERENCE section 4). */
    @ParameterizedTest(name = "{0}: {1} points")
    @CsvSource({
            "NPRS, 2.0, 200, false",   // Farrar JT et al., Pain 2001;94(2):149-158
            "NDI, 7.5, 750, false",    // Young BA et al., Spine J 2009 (7.5 of 50 raw points)
            "ODI, 10.0, 1000, false",  // Ostelo RW et al., Spine 2008;33(1):90-94
            "PSFS, 2.0, 200, true",    // Stratford P et al., Physiother Can 1995;47:258-263
    })
    void publishedValuesAndDirection(Instrument instrument, double points, long hundredths, boolean higherIsBetter) {
        assertThat(Mcid.points(instrument)).isEqualTo(points);
        assertThat(Mcid.hundredths(instrument)).isEqualTo(hundredths);
        assertThat(Mcid.higherIsBetter(instrument)).isEqualTo(higherIsBetter);
    }

    @ParameterizedTest
    @EnumSource(Instrument.class)
    void pointsAndHundredthsAgreeExactly(Instrument instrument) {
        assertThat(Mcid.points(instrument) * 100).isEqualTo((double) Mcid.hundredths(instrument));
    }

    @Test
    void rejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> Mcid.points(null));
        assertThatNullPointerException().isThrownBy(() -> Mcid.higherIsBetter(null));
    }
}
