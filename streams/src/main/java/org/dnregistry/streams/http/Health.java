package org.dnregistry.streams.http;

/**
 * What {@code /health} says of an instance. Only UP serves queries; STARTING will (stores restore, partitions
 * move); DOWN never will again (Kafka Streams stopped or failed), so nobody should wait for it: the process exits
 * and its supervisor starts a new one.
 */
public enum Health {
  UP,
  STARTING,
  DOWN
}
