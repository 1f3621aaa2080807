package org.fraction.engine.workflow;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fraction.engine.workflow.Node.ListNode;
import org.fraction.engine.workflow.Node.MapNode;
import org.fraction.engine.workflow.Node.ScalarNode;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in scalar values with environment
 * variables; {@code $$} stands for a literal {@code $}. An unset variable without a default is a
 * problem of the value that names it.
 */
public final class EnvSubstitution {

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Function<String, String> environment;

  public EnvSubstitution(Function<String, String> environment) {
    this.environment = environment;
  }

  /** Returns a tree with every reference replaced; problems are added for unset variables. */
  public Node apply(Node node, String path, Problems problems) {
    if (node instanceof MapNode map) {
      MapNode out = new MapNode(map.position());
      map.entries()
          .forEach(
              (k, e) -> out.put(k, e.keyPosition(), apply(e.value(), join(path, k), problems)));
      return out;
    }
    if (node instanceof ListNode list) {
      ListNode out = new ListNode(list.position());
      for (Node item : list.items()) {
        out.items().add(apply(item, path, problems));
      }
      return out;
    }
    ScalarNode s = (ScalarNode) node;
    if (s.isNull() || s.text().indexOf('$') < 0) {
      return s;
    }
    Matcher m = REFERENCE.matcher(s.text());
    StringBuilder sb = new StringBuilder();
    boolean ok = true;
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String value = environment.apply(m.group(1));
        if (value == null) {
          value = m.group(2);
        }
        if (value == null) {
          problems.add(s.position(), path, "environment variable " + m.group(1) + " is not set");
          ok = false;
          value = "";
        }
        replacement = value;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return ok ? new ScalarNode(sb.toString(), s.quoted(), s.position()) : s;
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
