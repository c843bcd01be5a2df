/**
 * The registry's statistics: complication rates with exact Poisson intervals, comparison with published
 * baselines, funnel-plot control limits, and change-score summaries against MCIDs.
 *
 * <p>Everything here is a pure function of counts and sums, so the topology can keep only additive state
 * (per-day counters that corrections and retractions move up and down) and compute the figures at query
 * time. Formulas follow REFERENCE section 4; special functions come from Apache Commons Statistics
 * rather than being hand-rolled (DESIGN.md, "Decisions already taken").
 */
package org.dnregistry.streams.stats;
