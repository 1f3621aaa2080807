package org.fraction.spi.model;

import java.util.List;

/**
 * The four same-shaped component tensors r, i, j, k of one quaternion weight: element n of each
 * together form the n-th quaternion. Quaternion-aware pruning keeps or removes all four at once.
 */
public record QuaternionGroup(ParameterRef r, ParameterRef i, ParameterRef j, ParameterRef k) {

  public List<ParameterRef> components() {
    return List.of(r, i, j, k);
  }

  public String layer() {
    return r.layer();
  }
}
