package org.dnregistry.streams.episodes;

import org.dnregistry.avro.Indication;

/**
 * What a compliance record of one subject (the episode, or one of its sessions) says: its flags, indication, day
 * and practitioner. An episode keeps the entries it last published so a record is written only when one changes.
 */
public record ComplianceEntry(int flags, Indication indication, int day, String practitionerId) {}
