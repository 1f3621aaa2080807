package org.fraction.inference;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks a model's graph and works out the shape every node produces. */
public final class GraphCheck {

  private GraphCheck() {}

  /** The output shape of every node, by name ({@value NodeSpec#INPUT} included), in order. */
  public static Map<String, Shape> check(ModelSpec spec) {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    InputSpec in = spec.input();
    shapes.put(NodeSpec.INPUT, Shape.image(in.networkChannels(), in.height(), in.width()));
    Map<String, Integer> seen = new HashMap<>();
    for (NodeSpec node : spec.nodes()) {
      if (shapes.containsKey(node.name())) {
        throw new IllegalArgumentException("two nodes are named '" + node.name() + "'");
      }
      Shape[] inputs = new Shape[node.inputs().size()];
      for (int i = 0; i < inputs.length; i++) {
        inputs[i] = shapes.get(node.inputs().get(i));
        if (inputs[i] == null) {
          throw new IllegalArgumentException(
              "node "
                  + node.name()
                  + " reads '"
                  + node.inputs().get(i)
                  + "', which no earlier node makes");
        }
      }
      shapes.put(node.name(), shape(node, inputs));
      seen.put(node.name(), seen.size());
    }
    Shape out = shapes.get(spec.nodes().get(spec.nodes().size() - 1).name());
    if (!out.features() || out.channels() != spec.classes()) {
      throw new IllegalArgumentException(
          "the last node makes "
              + out
              + ", not one score for each of the "
              + spec.classes()
              + " classes");
    }
    return shapes;
  }

  private static Shape shape(NodeSpec node, Shape[] in) {
    Shape x = in[0];
    String at = "node " + node.name() + ": ";
    if (node instanceof NodeSpec.Dense d) {
      require(
          x.features() && x.channels() == d.in(), at + "takes " + d.in() + " features, gets " + x);
      checkWeight(
          at,
          d.weight(),
          new int[] {d.in(), d.out()},
          new int[] {d.in() / 4, d.out() / 4},
          d.in(),
          d.out());
      checkVector(at, "bias", d.bias(), d.out());
      checkVector(at, "scale", d.scale(), d.out());
      return Shape.features(d.out());
    }
    if (node instanceof NodeSpec.Convolution c) {
      require(
          !x.features() && x.channels() == c.in(),
          at + "takes images of " + c.in() + " channels, gets " + x);
      int[] k = c.kernel();
      int[] s = c.stride();
      int[] p = c.padding();
      require(
          k[0] > 0
              && k[1] > 0
              && s[0] > 0
              && s[1] > 0
              && Arrays.stream(p).allMatch(v -> v >= 0 && v < 64),
          at + "kernel and stride must be positive, padding in [0, 64)");
      int h = x.height() + p[0] + p[1] - k[0];
      int w = x.width() + p[2] + p[3] - k[1];
      require(h >= 0 && w >= 0, at + "a " + k[0] + "x" + k[1] + " kernel does not fit " + x);
      checkWeight(
          at,
          c.weight(),
          new int[] {c.out(), c.in(), k[0], k[1]},
          new int[] {c.in() / 4, c.out() / 4, k[0], k[1]},
          c.in(),
          c.out());
      checkVector(at, "bias", c.bias(), c.out());
      checkVector(at, "scale", c.scale(), c.out());
      return Shape.image(c.out(), h / s[0] + 1, w / s[1] + 1);
    }
    if (node instanceof NodeSpec.Affine a) {
      require(a.scale() != null && a.shift() != null, at + "needs scale and shift");
      checkVector(at, "scale", a.scale(), x.channels());
      checkVector(at, "shift", a.shift(), x.channels());
      return x;
    }
    if (node instanceof NodeSpec.Activate) {
      return x;
    }
    if (node instanceof NodeSpec.Pool p) {
      int[] k = p.kernel();
      int[] s = p.stride();
      require(
          !x.features()
              && k[0] > 0
              && k[1] > 0
              && s[0] > 0
              && s[1] > 0
              && k[0] <= x.height()
              && k[1] <= x.width(),
          at
              + "cannot pool "
              + x
              + " with kernel "
              + Arrays.toString(k)
              + " and stride "
              + Arrays.toString(s));
      return Shape.image(
          x.channels(), (x.height() - k[0]) / s[0] + 1, (x.width() - k[1]) / s[1] + 1);
    }
    if (node instanceof NodeSpec.GlobalPool) {
      require(!x.features(), at + "pools images, gets " + x);
      return Shape.features(x.channels());
    }
    if (node instanceof NodeSpec.Add) {
      require(in.length >= 2, at + "adds at least two inputs");
      for (Shape s : in) {
        require(s.equals(x), at + "adds " + x + " and " + s);
      }
      return x;
    }
    if (node instanceof NodeSpec.Flatten) {
      return Shape.features(x.size());
    }
    throw new IllegalArgumentException(at + "unknown operation " + node.op());
  }

  private static void checkWeight(
      String at, Weight w, int[] real, int[] component, int in, int out) {
    if (w instanceof Weight.Real r) {
      require(
          Arrays.equals(r.shape(), real),
          at
              + "weight of shape "
              + Arrays.toString(r.shape())
              + ", expected "
              + Arrays.toString(real));
      return;
    }
    int[] shape =
        w instanceof Weight.Quaternion q
            ? q.componentShape()
            : ((Weight.QuaternionComponents) w).componentShape();
    require(in % 4 == 0 && out % 4 == 0, at + "a quaternion weight needs widths divisible by 4");
    require(
        Arrays.equals(shape, component),
        at
            + "quaternion components of shape "
            + Arrays.toString(shape)
            + ", expected "
            + Arrays.toString(component));
  }

  private static void checkVector(String at, String name, float[] v, int n) {
    require(
        v == null || v.length == n,
        at + name + " has " + (v == null ? 0 : v.length) + " values, expected " + n);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  static List<String> names(ModelSpec spec) {
    return spec.nodes().stream().map(NodeSpec::name).toList();
  }
}
