package org.dnregistry.streams.http;

/**
 * A request the API refuses, with the HTTP status and a message meant for the person who wrote the request.
 * {@code parameter} names the offending query parameter of a 400, null otherwise.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String parameter;

  private ApiException(int status, String parameter, String message) {
    super(message, null, false, false);
    this.status = status;
    this.parameter = parameter;
  }

  static ApiException badParameter(String parameter, String message) {
    return new ApiException(400, parameter, message);
  }

  static ApiException unauthorized(String message) {
    return new ApiException(401, null, message);
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, null, message);
  }

  static ApiException notReady(String message) {
    return new ApiException(503, null, message);
  }

  int status() {
    return status;
  }

  String parameter() {
    return parameter;
  }
}
