package org.fraction.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/**
 * Fractions as percentages with three significant digits: 1 → 100%, 0.32768 → 32.8%, 0.53 → 53.0%
 * in tables; axis labels drop trailing zeros (53%).
 */
final class PercentFormat extends NumberFormat {

  static String format3(double fraction) {
    return format3(fraction, false);
  }

  static String format3(double fraction, boolean stripZeros) {
    if (Double.isNaN(fraction)) {
      return "n/a";
    }
    if (fraction == 0) {
      return "0%";
    }
    BigDecimal rounded = new BigDecimal(fraction * 100).round(new MathContext(3));
    if (stripZeros) {
      rounded = rounded.stripTrailingZeros();
    } else if (rounded.precision() < 3) {
      rounded = rounded.setScale(rounded.scale() + 3 - rounded.precision());
    }
    return rounded.toPlainString() + "%";
  }

  @Override
  public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
    return toAppendTo.append(format3(number, true));
  }

  @Override
  public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
    return format((double) number, toAppendTo, pos);
  }

  @Override
  public Number parse(String source, ParsePosition parsePosition) {
    throw new UnsupportedOperationException("formatting only");
  }
}
