package org.fraction.spi.model;

/**
 * One parameter tensor of a network: a layer (vertex) name and the layer's parameter key, e.g.
 * {@code fc1}/{@code W}, or {@code qfc1}/{@code r} for a quaternion layer's real part.
 */
public record ParameterRef(String layer, String param) implements Comparable<ParameterRef> {

  public ParameterRef {
    if (layer == null || layer.isEmpty() || param == null || param.isEmpty()) {
      throw new IllegalArgumentException("layer and param must be named");
    }
  }

  /** {@code layer/param}, the path used in run-store files. */
  public String path() {
    return layer + "/" + param;
  }

  @Override
  public int compareTo(ParameterRef o) {
    int c = layer.compareTo(o.layer);
    return c != 0 ? c : param.compareTo(o.param);
  }

  @Override
  public String toString() {
    return path();
  }
}
