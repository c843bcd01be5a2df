package org.dnregistry.access;

import java.util.Objects;

/** Who a bearer token belongs to. {@code clinicId} is set for (and only for) the CLINIC role. */
public record Principal(Role role, String clinicId) {
  public Principal {
    Objects.requireNonNull(role, "role");
    if ((role == Role.CLINIC) != (clinicId != null)) {
      throw new IllegalArgumentException("a clinic token needs a clinicId and only a clinic token has one");
    }
  }

  /** Whether this principal may read the figures of a scope: "network" or "clinic:ID". */
  public boolean mayRead(String scope) {
    return switch (role) {
      case ADMIN, VIEWER -> true;
      case CLINIC -> scope.equals("clinic:" + clinicId);
    };
  }

  /** A label for logs: the role and clinic, never the token. */
  public String label() {
    return role == Role.CLINIC ? "clinic:" + clinicId : role.name().toLowerCase(java.util.Locale.ROOT);
  }
}
