package org.fraction.mlflow;

/** A call the server did not take, and whether sending it again can help. */
final class DeliveryException extends Exception {

  enum Kind {
    /** The server is away, busy or refuses us for now: keep the call and try again later. */
    RETRY,
    /** The server refuses this call for good: note why and go on with the next. */
    REJECTED,
    /**
     * The server no longer knows a run or experiment it gave us: it lost its data (a new database).
     */
    GONE
  }

  private final Kind kind;

  DeliveryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }
}
