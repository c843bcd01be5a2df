package org.dnregistry.ingest.validation;

/**
 * One problem with one event of a request: the event's position in the request (0-based), the field (null when
 * the event as a whole is wrong, e.g. not an object) and a message saying what was expected.
 */
public record Issue(int index, String field, String message) {}
