package org.fraction.spi.settings;

/**
 * Thrown by a settings record's compact constructor when a value is not acceptable. The key is the
 * record component's workflow name ({@code keep}, {@code batch-size}); the engine turns it into
 * {@code file:line:col: pruning.keep: message}.
 */
public final class InvalidSetting extends IllegalArgumentException {

  private final String key;

  public InvalidSetting(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The key within the block, or the empty string when the block as a whole is wrong. */
  public String key() {
    return key;
  }
}
