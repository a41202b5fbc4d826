package io.leadstream.localbroker;

/** The local broker could not be started or stopped; the message says why and what to do. */
public final class LocalBrokerException extends RuntimeException {
  public LocalBrokerException(String message) {
    super(message);
  }

  public LocalBrokerException(String message, Throwable cause) {
    super(message, cause);
  }
}
