package org.dnregistry.registry;

import org.apache.avro.Schema;

/** One version of a subject in the registry. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {}
