package org.dnregistry.streams.query;

import java.util.List;

/**
 * This instance's stores, one partition at a time. A read throws {@code InvalidStateStoreException} when that
 * partition is not an active, running task here (not assigned, or assigned and still restoring): unlike a read
 * over every local partition, which would silently leave it out.
 */
public interface LocalPartitions {
  /** The day buckets and series index of one partition. */
  BucketReader buckets(int partition);

  /** The clinic ids of the reference data in one partition of the clinics table. */
  List<String> referenceClinics(int partition);
}
