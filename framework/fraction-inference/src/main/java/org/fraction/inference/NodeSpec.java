package org.fraction.inference;

import java.util.List;

/**
 * One operation of an exported model. Nodes run in file order; each names the nodes it reads
 * ({@value #INPUT} is the model's input). Image tensors are {@code [channels, height, width]} per
 * image, feature vectors {@code [features]}.
 */
public sealed interface NodeSpec {

  String INPUT = "input";

  String name();

  List<String> inputs();

  /** The operation's name in model files. */
  String op();

  /**
   * A fully connected layer: {@code act(scale * (x W) + bias)}, W of {@code in x out}.
   *
   * @param bias {@code out} values, or null for none
   * @param scale {@code out} values multiplying the product before the bias (a batch normalisation
   *     folded into a quaternion layer, whose weight cannot absorb it), or null
   */
  record Dense(
      String name,
      String input,
      int in,
      int out,
      Weight weight,
      float[] bias,
      float[] scale,
      Activation activation)
      implements NodeSpec {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }

    @Override
    public String op() {
      return "dense";
    }
  }

  /**
   * A 2-D convolution (cross-correlation, as in the training framework), with explicit padding of
   * zeros and output {@code act(scale * conv + bias)} per output channel.
   *
   * @param padding top, bottom, left, right
   */
  record Convolution(
      String name,
      String input,
      int in,
      int out,
      int[] kernel,
      int[] stride,
      int[] padding,
      Weight weight,
      float[] bias,
      float[] scale,
      Activation activation)
      implements NodeSpec {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }

    @Override
    public String op() {
      return "convolution";
    }
  }

  /**
   * {@code x * scale + shift} per channel (or feature): a batch normalisation that could not be
   * folded.
   */
  record Affine(String name, String input, float[] scale, float[] shift) implements NodeSpec {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }

    @Override
    public String op() {
      return "affine";
    }
  }

  record Activate(String name, String input, Activation activation) implements NodeSpec {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }

    @Override
    public String op() {
      return "activation";
    }
  }

  /** Pooling windows without padding. */
  record Pool(String name, String input, PoolType type, int[] kernel, int[] stride)
      implements NodeSpec {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }

    @Override
    public String op() {
      return "pool";
    }
  }

  /** Pooling over all positions: one value per channel. */
  record GlobalPool(String name, String input, PoolType type) implements NodeSpec {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }

    @Override
    public String op() {
      return "global-pool";
    }
  }

  /** The element-wise sum of its inputs, then the activation. */
  record Add(String name, List<String> inputs, Activation activation) implements NodeSpec {
    public Add {
      inputs = List.copyOf(inputs);
    }

    @Override
    public String op() {
      return "add";
    }
  }

  /** An image tensor read as a feature vector in c order (channel, row, column). */
  record Flatten(String name, String input) implements NodeSpec {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }

    @Override
    public String op() {
      return "flatten";
    }
  }
}
