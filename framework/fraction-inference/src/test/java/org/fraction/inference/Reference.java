package org.fraction.inference;

import java.util.HashMap;
import java.util.Map;

/** A plain, double-precision forward pass of a model spec, one image at a time, for comparison. */
final class Reference {

  private Reference() {}

  /** Class scores of one encoded image ([C, H, W] network input). */
  static double[] logits(ModelSpec spec, float[] image) {
    Map<String, Shape> shapes = GraphCheck.check(spec);
    Map<String, double[]> values = new HashMap<>();
    double[] x = new double[image.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = image[i];
    }
    values.put(NodeSpec.INPUT, x);
    double[] last = null;
    for (NodeSpec node : spec.nodes()) {
      double[] in = values.get(node.inputs().get(0));
      Shape s = shapes.get(node.inputs().get(0));
      Shape o = shapes.get(node.name());
      double[] y = new double[o.size()];
      if (node instanceof NodeSpec.Dense d) {
        float[] w = InferenceModel.realDense(d.weight());
        for (int j = 0; j < d.out(); j++) {
          double acc = 0;
          for (int i = 0; i < d.in(); i++) {
            acc += in[i] * w[i * d.out() + j];
          }
          y[j] =
              act(
                  d.activation(),
                  (d.scale() == null ? 1 : d.scale()[j]) * acc
                      + (d.bias() == null ? 0 : d.bias()[j]));
        }
      } else if (node instanceof NodeSpec.Convolution c) {
        float[] w = InferenceModel.realDense(c.weight());
        int kh = c.kernel()[0];
        int kw = c.kernel()[1];
        for (int oc = 0; oc < c.out(); oc++) {
          for (int oy = 0; oy < o.height(); oy++) {
            for (int ox = 0; ox < o.width(); ox++) {
              double acc = 0;
              for (int ic = 0; ic < c.in(); ic++) {
                for (int ky = 0; ky < kh; ky++) {
                  for (int kx = 0; kx < kw; kx++) {
                    int iy = oy * c.stride()[0] + ky - c.padding()[0];
                    int ix = ox * c.stride()[1] + kx - c.padding()[2];
                    if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                      acc +=
                          in[(ic * s.height() + iy) * s.width() + ix]
                              * w[((oc * c.in() + ic) * kh + ky) * kw + kx];
                    }
                  }
                }
              }
              y[(oc * o.height() + oy) * o.width() + ox] =
                  act(
                      c.activation(),
                      (c.scale() == null ? 1 : c.scale()[oc]) * acc
                          + (c.bias() == null ? 0 : c.bias()[oc]));
            }
          }
        }
      } else if (node instanceof NodeSpec.Affine a) {
        int plane = s.features() ? 1 : s.plane();
        for (int i = 0; i < y.length; i++) {
          y[i] = in[i] * a.scale()[i / plane] + a.shift()[i / plane];
        }
      } else if (node instanceof NodeSpec.Activate a) {
        for (int i = 0; i < y.length; i++) {
          y[i] = act(a.activation(), in[i]);
        }
      } else if (node instanceof NodeSpec.Pool p) {
        for (int ch = 0; ch < o.channels(); ch++) {
          for (int oy = 0; oy < o.height(); oy++) {
            for (int ox = 0; ox < o.width(); ox++) {
              double v = p.type() == PoolType.MAX ? Double.NEGATIVE_INFINITY : 0;
              for (int ky = 0; ky < p.kernel()[0]; ky++) {
                for (int kx = 0; kx < p.kernel()[1]; kx++) {
                  double e =
                      in[
                          (ch * s.height() + oy * p.stride()[0] + ky) * s.width()
                              + ox * p.stride()[1]
                              + kx];
                  v = p.type() == PoolType.MAX ? Math.max(v, e) : v + e;
                }
              }
              y[(ch * o.height() + oy) * o.width() + ox] =
                  p.type() == PoolType.MAX ? v : v / (p.kernel()[0] * p.kernel()[1]);
            }
          }
        }
      } else if (node instanceof NodeSpec.GlobalPool p) {
        for (int ch = 0; ch < s.channels(); ch++) {
          double v = p.type() == PoolType.MAX ? Double.NEGATIVE_INFINITY : 0;
          for (int t = 0; t < s.plane(); t++) {
            double e = in[ch * s.plane() + t];
            v = p.type() == PoolType.MAX ? Math.max(v, e) : v + e;
          }
          y[ch] = p.type() == PoolType.MAX ? v : v / s.plane();
        }
      } else if (node instanceof NodeSpec.Add a) {
        for (String input : a.inputs()) {
          double[] v = values.get(input);
          for (int i = 0; i < y.length; i++) {
            y[i] += v[i];
          }
        }
        for (int i = 0; i < y.length; i++) {
          y[i] = act(a.activation(), y[i]);
        }
      } else if (node instanceof NodeSpec.Flatten) {
        System.arraycopy(in, 0, y, 0, y.length);
      }
      values.put(node.name(), y);
      last = y;
    }
    return last;
  }

  private static double act(Activation a, double x) {
    return switch (a) {
      case IDENTITY -> x;
      case RELU -> Math.max(0, x);
      case TANH -> Math.tanh(x);
      case SIGMOID -> 1 / (1 + Math.exp(-x));
    };
  }
}
