package org.dnregistry.streams.stats;

/** How the 95% CI of the mean change compares with the instrument's MCID (REFERENCE section 4). */
public enum EfficacyStatus {
    /** CI low &gt;= MCID: the mean improvement is clinically important. */
    ABOVE_MCID,
    /** CI high &lt; MCID: the mean improvement is below the clinically important threshold. */
    BELOW_MCID,
    /** The CI straddles the MCID. */
    INCONCLUSIVE,
    /** n &lt; 2: no interval can be formed. */
    INSUFFICIENT_DATA
}
