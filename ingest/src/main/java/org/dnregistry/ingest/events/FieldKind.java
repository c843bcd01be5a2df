package org.dnregistry.ingest.events;

/** What a field of an ingest event holds on the wire (JSON) and therefore how it is checked and converted. */
public enum FieldKind {
  /** A natural id: 1-64 characters, no control characters, no {@code |} (record keys use it as separator). */
  ID,
  /** Free or short text with a length bound. */
  TEXT,
  /** A US state or region code such as {@code CO} or {@code CA-ON}; stored upper case. */
  REGION,
  /** One code of a closed list. */
  CODE,
  /** An array of distinct codes of a closed list. */
  CODE_LIST,
  /** An array of distinct short texts. */
  TEXT_LIST,
  /** A whole number within bounds. */
  INTEGER,
  /** A decimal number within bounds, optionally with a limited number of decimals. */
  DECIMAL,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** An ISO-8601 instant with a zone offset, normalised to UTC. */
  INSTANT,
  /** A calendar day, {@code YYYY-MM-DD}. */
  DATE
}
