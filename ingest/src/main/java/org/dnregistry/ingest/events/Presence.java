package org.dnregistry.ingest.events;

/** Whether a field must be present; KEY fields identify the fact and are the only ones a retraction needs. */
public enum Presence { KEY, REQUIRED, OPTIONAL }
