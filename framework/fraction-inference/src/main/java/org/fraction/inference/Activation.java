package org.fraction.inference;

import java.util.Locale;

/** Element-wise activations a layer can end with. */
public enum Activation {
  IDENTITY,
  RELU,
  TANH,
  SIGMOID;

  /** The name in model files: {@code identity}, {@code relu}, {@code tanh}, {@code sigmoid}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Activation of(String id) {
    for (Activation a : values()) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown activation '" + id + "'");
  }

  /** Applies the activation to {@code x[from, to)} in place. */
  public void apply(float[] x, int from, int to) {
    switch (this) {
      case IDENTITY -> {}
      case RELU -> {
        for (int i = from; i < to; i++) {
          x[i] = Math.max(x[i], 0f);
        }
      }
      case TANH -> {
        for (int i = from; i < to; i++) {
          x[i] = (float) Math.tanh(x[i]);
        }
      }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          x[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
        }
      }
    }
  }

  public float apply(float x) {
    return switch (this) {
      case IDENTITY -> x;
      case RELU -> Math.max(x, 0f);
      case TANH -> (float) Math.tanh(x);
      case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
    };
  }
}
