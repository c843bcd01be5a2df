package org.dnregistry.access;

/** REFERENCE section 3: clinic writes and reads its own clinic, admin writes reference data, viewer reads all. */
public enum Role { CLINIC, ADMIN, VIEWER }
