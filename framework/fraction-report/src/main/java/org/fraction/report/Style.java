package org.fraction.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * How lines look in the report's figures: colour by algebra (blues for real, vermilion and orange
 * for quaternion, from the colour-blind-safe Okabe-Ito set), line style and marker by control.
 */
final class Style {

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
  static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
  static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Color GRID = new Color(0xD0D0D0);

  private static final Color[] REAL = {
    new Color(0x0072B2), new Color(0x56B4E9), new Color(0x003D66), new Color(0x7A9CC6)
  };
  private static final Color[] QUATERNION = {
    new Color(0xD55E00), new Color(0xE69F00), new Color(0x8C3B00), new Color(0xF0A860)
  };
  private static final Color[] OTHER = {
    new Color(0x009E73), new Color(0x6A6A6A), new Color(0xCC79A7)
  };

  /** Layers and other categories: Okabe-Ito without yellow, then darker tones. */
  private static final Color[] QUALITATIVE = {
    new Color(0x0072B2),
    new Color(0xE69F00),
    new Color(0x009E73),
    new Color(0xCC79A7),
    new Color(0xD55E00),
    new Color(0x56B4E9),
    new Color(0x6A3D9A),
    new Color(0x8C564B),
    new Color(0x7F7F7F),
    new Color(0xBCBD22)
  };

  private Style() {}

  /** The colour of the {@code index}-th trial (0-based) of an algebra. */
  static Color algebra(String algebra, int index) {
    Color[] palette =
        switch (algebra) {
          case "real" -> REAL;
          case "quaternion" -> QUATERNION;
          default -> OTHER;
        };
    return palette[index % palette.length];
  }

  static Color category(int index) {
    return QUALITATIVE[index % QUALITATIVE.length];
  }

  /** Solid for the ticket; dashed, dash-dotted or dotted for controls. */
  static Stroke line(String control) {
    float[] dash =
        switch (control) {
          case "" -> null;
          case "random-reinit" -> new float[] {9f, 5f};
          case "random-prune" -> new float[] {12f, 4f, 2f, 4f};
          default -> new float[] {2f, 4f};
        };
    return dash == null
        ? new BasicStroke(2.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
        : new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
  }

  static Shape marker(String control) {
    double s = 8;
    return switch (control) {
      case "" -> new Ellipse2D.Double(-s / 2, -s / 2, s, s);
      case "random-reinit" -> new Rectangle2D.Double(-s / 2 + 0.5, -s / 2 + 0.5, s - 1, s - 1);
      case "random-prune" -> triangle(s + 1);
      default -> diamond(s + 1);
    };
  }

  private static Shape triangle(double s) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(0, -s / 2);
    p.lineTo(s / 2, s / 2);
    p.lineTo(-s / 2, s / 2);
    p.closePath();
    return p;
  }

  private static Shape diamond(double s) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(0, -s / 2);
    p.lineTo(s / 2, 0);
    p.lineTo(0, s / 2);
    p.lineTo(-s / 2, 0);
    p.closePath();
    return p;
  }

  /**
   * {@code n} colours from dark purple through blue and green (viridis, without its pale yellow
   * end).
   */
  static List<Color> sequential(int n) {
    int[] anchors = {0x440154, 0x414487, 0x2A788E, 0x22A884, 0x7AD151};
    List<Color> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double t = n == 1 ? 0 : (double) i / (n - 1) * (anchors.length - 1);
      int a = Math.min((int) Math.floor(t), anchors.length - 2);
      double f = t - a;
      out.add(mix(new Color(anchors[a]), new Color(anchors[a + 1]), f));
    }
    return out;
  }

  private static Color mix(Color a, Color b, double f) {
    return new Color(
        (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }
}
