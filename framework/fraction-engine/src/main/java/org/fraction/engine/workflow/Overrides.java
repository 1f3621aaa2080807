package org.fraction.engine.workflow;

import java.util.List;
import org.fraction.engine.workflow.Node.MapNode;

/** Applies {@code --set key=value} options to a workflow tree; values are parsed as YAML. */
public final class Overrides {

  private Overrides() {}

  public static void apply(MapNode root, List<String> assignments, Problems problems) {
    for (String assignment : assignments) {
      Position pos = Position.commandLine("--set " + assignment);
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        problems.add(pos, "", "must be key=value, e.g. training.epochs=3");
        continue;
      }
      String key = assignment.substring(0, eq).trim();
      Node value;
      try {
        value = relocate(YamlTree.parseValue(assignment.substring(eq + 1), pos.source()), pos);
      } catch (WorkflowException e) {
        e.problems().forEach(p -> problems.add(pos, key, p.message()));
        continue;
      }
      if (key.startsWith("matrix.") && key.length() > "matrix.".length()) {
        // matrix keys are dotted paths themselves: matrix.model.algebra names the axis
        // model.algebra
        Node matrix = root.get("matrix");
        if (!(matrix instanceof MapNode)) {
          matrix = new MapNode(pos);
          root.put("matrix", pos, matrix);
        }
        ((MapNode) matrix).put(key.substring("matrix.".length()), pos, value);
      } else {
        Trees.set(root, key, value, pos, problems);
      }
    }
  }

  /** Command-line values have no useful line numbers: every node points at the option. */
  private static Node relocate(Node node, Position pos) {
    if (node instanceof Node.ScalarNode s) {
      return new Node.ScalarNode(s.text(), s.quoted(), pos);
    }
    if (node instanceof Node.ListNode l) {
      Node.ListNode out = new Node.ListNode(pos);
      l.items().forEach(i -> out.items().add(relocate(i, pos)));
      return out;
    }
    MapNode m = (MapNode) node;
    MapNode out = new MapNode(pos);
    m.entries().forEach((k, e) -> out.put(k, pos, relocate(e.value(), pos)));
    return out;
  }
}
