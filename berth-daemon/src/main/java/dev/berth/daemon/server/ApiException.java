package dev.berth.daemon.server;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A failure with the HTTP status Docker gives it. Domain services throw these so that every route
 * answers the same way: {@code {"message": ...}} with 400, 404, 409, 304 or 500.
 */
public class ApiException extends RuntimeException {
  private final HttpResponseStatus status;

  public ApiException(HttpResponseStatus status, String message) {
    super(message);
    this.status = status;
  }

  public HttpResponseStatus status() {
    return status;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(HttpResponseStatus.BAD_REQUEST, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(HttpResponseStatus.NOT_FOUND, message);
  }

  /** 403: Docker's answer for operations on networks that cannot be done (predefined, in use). */
  public static ApiException forbidden(String message) {
    return new ApiException(HttpResponseStatus.FORBIDDEN, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(HttpResponseStatus.CONFLICT, message);
  }

  /** 304: the container is already in the state asked for; Docker sends no body. */
  public static ApiException notModified() {
    return new ApiException(HttpResponseStatus.NOT_MODIFIED, "");
  }

  public static ApiException internal(String message) {
    return new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, message);
  }
}
