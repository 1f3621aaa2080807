package org.fraction.inference.graph;

import org.fraction.inference.Activation;
import org.fraction.inference.PoolType;
import org.fraction.inference.Shape;

/** The operations without weights. */
public final class ElementOps {

  private ElementOps() {}

  /** {@code x * scale + shift} per channel (images) or per feature. */
  public static final class Affine extends Op {
    private final float[] scale;
    private final float[] shift;

    public Affine(String name, Shape shape, float[] scale, float[] shift) {
      super(name, shape);
      this.scale = scale;
      this.shift = shift;
    }

    @Override
    public void run(float[][] in, float[] out, int batch, int capacity, float[] scratch) {
      Shape s = shape();
      float[] x = in[0];
      if (s.features()) {
        for (int f = 0; f < s.channels(); f++) {
          for (int t = f * batch; t < (f + 1) * batch; t++) {
            out[t] = x[t] * scale[f] + shift[f];
          }
        }
        return;
      }
      int plane = s.plane();
      for (int b = 0; b < batch; b++) {
        for (int c = 0; c < s.channels(); c++) {
          int from = (b * s.channels() + c) * plane;
          for (int t = from; t < from + plane; t++) {
            out[t] = x[t] * scale[c] + shift[c];
          }
        }
      }
    }
  }

  public static final class Activate extends Op {
    private final Activation activation;

    public Activate(String name, Shape shape, Activation activation) {
      super(name, shape);
      this.activation = activation;
    }

    @Override
    public void run(float[][] in, float[] out, int batch, int capacity, float[] scratch) {
      int n = shape().size() * batch;
      System.arraycopy(in[0], 0, out, 0, n);
      activation.apply(out, 0, n);
    }
  }

  /** The element-wise sum of the inputs, then the activation. */
  public static final class Add extends Op {
    private final Activation activation;

    public Add(String name, Shape shape, Activation activation) {
      super(name, shape);
      this.activation = activation;
    }

    @Override
    public void run(float[][] in, float[] out, int batch, int capacity, float[] scratch) {
      int n = shape().size() * batch;
      float[] a = in[0];
      float[] b = in[1];
      for (int t = 0; t < n; t++) {
        out[t] = a[t] + b[t];
      }
      for (int k = 2; k < in.length; k++) {
        float[] c = in[k];
        for (int t = 0; t < n; t++) {
          out[t] += c[t];
        }
      }
      activation.apply(out, 0, n);
    }
  }

  /** Max or average pooling of NCHW images without padding. */
  public static final class Pool extends Op {
    private final Shape input;
    private final PoolType type;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;

    public Pool(String name, Shape input, Shape shape, PoolType type, int[] kernel, int[] stride) {
      super(name, shape);
      this.input = input;
      this.type = type;
      this.kh = kernel[0];
      this.kw = kernel[1];
      this.sh = stride[0];
      this.sw = stride[1];
    }

    @Override
    public void run(float[][] in, float[] out, int batch, int capacity, float[] scratch) {
      float[] x = in[0];
      Shape o = shape();
      int planes = batch * o.channels();
      int h = input.height();
      int w = input.width();
      float area = kh * kw;
      for (int pl = 0; pl < planes; pl++) {
        int src = pl * h * w;
        int dst = pl * o.plane();
        for (int oy = 0; oy < o.height(); oy++) {
          for (int ox = 0; ox < o.width(); ox++) {
            int at = src + oy * sh * w + ox * sw;
            float v;
            if (type == PoolType.MAX) {
              v = Float.NEGATIVE_INFINITY;
              for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                  v = Math.max(v, x[at + ky * w + kx]);
                }
              }
            } else {
              v = 0f;
              for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                  v += x[at + ky * w + kx];
                }
              }
              v /= area;
            }
            out[dst + oy * o.width() + ox] = v;
          }
        }
      }
    }
  }

  /** Max or average over all positions: NCHW images to feature-major [channels, batch]. */
  public static final class GlobalPool extends Op {
    private final Shape input;
    private final PoolType type;

    public GlobalPool(String name, Shape input, PoolType type) {
      super(name, Shape.features(input.channels()));
      this.input = input;
      this.type = type;
    }

    @Override
    public void run(float[][] in, float[] out, int batch, int capacity, float[] scratch) {
      float[] x = in[0];
      int c = input.channels();
      int plane = input.plane();
      for (int b = 0; b < batch; b++) {
        for (int ch = 0; ch < c; ch++) {
          int from = (b * c + ch) * plane;
          float v;
          if (type == PoolType.MAX) {
            v = Float.NEGATIVE_INFINITY;
            for (int t = from; t < from + plane; t++) {
              v = Math.max(v, x[t]);
            }
          } else {
            float s = 0f;
            for (int t = from; t < from + plane; t++) {
              s += x[t];
            }
            v = s / plane;
          }
          out[ch * batch + b] = v;
        }
      }
    }
  }

  /** NCHW images to feature-major vectors: feature (c, y, x) of image b at [(c h + y) w + x][b]. */
  public static final class Flatten extends Op {
    private final boolean alreadyFlat;

    public Flatten(String name, Shape input) {
      super(name, Shape.features(input.size()));
      this.alreadyFlat = input.features();
    }

    @Override
    public void run(float[][] in, float[] out, int batch, int capacity, float[] scratch) {
      int n = shape().channels();
      float[] x = in[0];
      if (batch == 1 || alreadyFlat) {
        System.arraycopy(x, 0, out, 0, n * batch);
        return;
      }
      for (int b = 0; b < batch; b++) {
        int src = b * n;
        for (int f = 0; f < n; f++) {
          out[f * batch + b] = x[src + f];
        }
      }
    }
  }
}
