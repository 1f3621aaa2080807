package org.fraction.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fraction.inference.Activation;
import org.fraction.inference.NodeSpec;
import org.fraction.inference.Weight;

/**
 * Rewrites of the exported graph that leave its outputs unchanged: a batch normalisation (an affine
 * node) is folded into the dense or convolution layer it follows, and an activation node into the
 * layer or sum it follows, when that layer has no activation of its own and feeds nothing else.
 */
final class Fusion {

  private Fusion() {}

  static List<NodeSpec> foldBatchNorm(List<NodeSpec> nodes) {
    return rewrite(
        nodes,
        (producer, node) -> {
          if (!(node instanceof NodeSpec.Affine a)) {
            return null;
          }
          if (producer instanceof NodeSpec.Convolution c && c.activation() == Activation.IDENTITY) {
            Folded f = fold(c.weight(), a.scale(), a.shift(), c.bias(), c.scale(), true, c.out());
            return new NodeSpec.Convolution(
                c.name(),
                c.input(),
                c.in(),
                c.out(),
                c.kernel(),
                c.stride(),
                c.padding(),
                f.weight,
                f.bias,
                f.scale,
                Activation.IDENTITY);
          }
          if (producer instanceof NodeSpec.Dense d && d.activation() == Activation.IDENTITY) {
            Folded f = fold(d.weight(), a.scale(), a.shift(), d.bias(), d.scale(), false, d.out());
            return new NodeSpec.Dense(
                d.name(),
                d.input(),
                d.in(),
                d.out(),
                f.weight,
                f.bias,
                f.scale,
                Activation.IDENTITY);
          }
          return null;
        });
  }

  static List<NodeSpec> mergeActivations(List<NodeSpec> nodes) {
    return rewrite(
        nodes,
        (producer, node) -> {
          if (!(node instanceof NodeSpec.Activate a)) {
            return null;
          }
          if (producer instanceof NodeSpec.Convolution c && c.activation() == Activation.IDENTITY) {
            return new NodeSpec.Convolution(
                c.name(),
                c.input(),
                c.in(),
                c.out(),
                c.kernel(),
                c.stride(),
                c.padding(),
                c.weight(),
                c.bias(),
                c.scale(),
                a.activation());
          }
          if (producer instanceof NodeSpec.Dense d && d.activation() == Activation.IDENTITY) {
            return new NodeSpec.Dense(
                d.name(),
                d.input(),
                d.in(),
                d.out(),
                d.weight(),
                d.bias(),
                d.scale(),
                a.activation());
          }
          if (producer instanceof NodeSpec.Add s && s.activation() == Activation.IDENTITY) {
            return new NodeSpec.Add(s.name(), s.inputs(), a.activation());
          }
          return null;
        });
  }

  private interface Rule {
    /** The producer with {@code node} merged into it, or null to leave both. */
    NodeSpec merge(NodeSpec producer, NodeSpec node);
  }

  /**
   * Applies the rule to every single-input node whose producer feeds only it; the merged node takes
   * the producer's place and keeps its name, and readers of the removed node read it instead.
   */
  private static List<NodeSpec> rewrite(List<NodeSpec> nodes, Rule rule) {
    Map<String, Integer> readers = new HashMap<>();
    for (NodeSpec n : nodes) {
      for (String in : n.inputs()) {
        readers.merge(in, 1, Integer::sum);
      }
    }
    String last = nodes.get(nodes.size() - 1).name();
    List<NodeSpec> out = new ArrayList<>();
    Map<String, Integer> position = new HashMap<>();
    Map<String, String> renamed = new HashMap<>();
    for (NodeSpec node : nodes) {
      NodeSpec n = withInputs(node, renamed);
      if (n.inputs().size() == 1 && !n.name().equals(last)) {
        String from = n.inputs().get(0);
        Integer at = position.get(from);
        if (at != null && readers.getOrDefault(from, 0) == 1) {
          NodeSpec merged = rule.merge(out.get(at), n);
          if (merged != null) {
            out.set(at, merged);
            renamed.put(n.name(), from);
            continue;
          }
        }
      }
      position.put(n.name(), out.size());
      out.add(n);
    }
    return out;
  }

  private static NodeSpec withInputs(NodeSpec n, Map<String, String> renamed) {
    if (n.inputs().stream().noneMatch(renamed::containsKey)) {
      return n;
    }
    List<String> in = n.inputs().stream().map(i -> renamed.getOrDefault(i, i)).toList();
    String first = in.get(0);
    if (n instanceof NodeSpec.Dense d) {
      return new NodeSpec.Dense(
          d.name(), first, d.in(), d.out(), d.weight(), d.bias(), d.scale(), d.activation());
    }
    if (n instanceof NodeSpec.Convolution c) {
      return new NodeSpec.Convolution(
          c.name(),
          first,
          c.in(),
          c.out(),
          c.kernel(),
          c.stride(),
          c.padding(),
          c.weight(),
          c.bias(),
          c.scale(),
          c.activation());
    }
    if (n instanceof NodeSpec.Affine a) {
      return new NodeSpec.Affine(a.name(), first, a.scale(), a.shift());
    }
    if (n instanceof NodeSpec.Activate a) {
      return new NodeSpec.Activate(a.name(), first, a.activation());
    }
    if (n instanceof NodeSpec.Pool p) {
      return new NodeSpec.Pool(p.name(), first, p.type(), p.kernel(), p.stride());
    }
    if (n instanceof NodeSpec.GlobalPool p) {
      return new NodeSpec.GlobalPool(p.name(), first, p.type());
    }
    if (n instanceof NodeSpec.Add a) {
      return new NodeSpec.Add(a.name(), in, a.activation());
    }
    return new NodeSpec.Flatten(n.name(), first);
  }

  private record Folded(Weight weight, float[] bias, float[] scale) {}

  /**
   * Folds {@code y * s + t} (per output) into a layer: real weights absorb s (their output rows are
   * scaled, zeros stay zeros); a quaternion weight cannot absorb a scale that differs between the
   * components of one output quaternion, so it keeps the layer's output scale instead. The bias
   * becomes {@code bias * s + t}.
   */
  private static Folded fold(
      Weight w, float[] s, float[] t, float[] bias, float[] scale, boolean convolution, int out) {
    float[] newBias = new float[out];
    for (int o = 0; o < out; o++) {
      newBias[o] = (bias == null ? 0f : bias[o]) * s[o] + t[o];
    }
    if (w instanceof Weight.Real r && scale == null) {
      int[] shape = r.shape();
      int[] positions = r.positions();
      float[] values = r.values().clone();
      int inner = 1;
      for (int d = 1; d < shape.length; d++) {
        inner *= shape[d];
      }
      for (int k = 0; k < values.length; k++) {
        int p = positions == null ? k : positions[k];
        int o = convolution ? p / inner : p % out; // [out, in, kh, kw] or [in, out]
        values[k] *= s[o];
      }
      return new Folded(new Weight.Real(shape, positions, values), newBias, null);
    }
    float[] newScale = new float[out];
    for (int o = 0; o < out; o++) {
      newScale[o] = (scale == null ? 1f : scale[o]) * s[o];
    }
    return new Folded(w, newBias, newScale);
  }
}
