package org.dnregistry.web;

/** The Content-Security-Policy values of the two servers. */
public final class SecurityPolicies {
  /**
   * The dashboard: its own scripts and styles (dashboard.js, and Chart.js from its WebJar under /webjars), its own
   * API through fetch, nothing inline, nothing from elsewhere, never framed.
   */
  public static final String DASHBOARD = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";

  /** An API that serves only JSON and text: nothing may load from its answers, nor frame them. */
  public static final String API_ONLY = "default-src 'none'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'none'";

  private SecurityPolicies() {}
}
