/**
 * Surveillance of complication rates (REFERENCE section 4): a one-sided Poisson CUSUM per scope and monitored
 * category (Lucas 1985), risk-adjusted by indication through each indication's reference rate (Steiner et al.
 * 2000), R = 2, h = 6, restarting after a signal. See docs/SURVEILLANCE.md.
 *
 * <p>Pure functions of the reference data and of per-day counts, with no Kafka in sight: the topology feeds
 * {@link org.dnregistry.streams.surveillance.ScopeCounts} from its day buckets and re-evaluates the whole path of
 * a scope when one of its days changes, so a correction or a late fact moves the path exactly from that day on.
 */
package org.dnregistry.streams.surveillance;
