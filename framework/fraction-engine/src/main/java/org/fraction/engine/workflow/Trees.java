package org.fraction.engine.workflow;

import org.fraction.engine.workflow.Node.MapNode;

/** Dotted-path edits on workflow trees, shared by {@code --set} and {@code matrix:}. */
public final class Trees {

  private Trees() {}

  /**
   * Sets {@code dotted} (e.g. {@code training.optimizer.lr}) to {@code value}, creating missing
   * mappings on the way. Reports a problem if the path runs through a value that is not a mapping.
   */
  public static void set(
      MapNode root, String dotted, Node value, Position position, Problems problems) {
    String[] keys = dotted.split("\\.", -1);
    MapNode current = root;
    StringBuilder path = new StringBuilder();
    for (int n = 0; n < keys.length; n++) {
      String key = keys[n];
      if (key.isEmpty()) {
        problems.add(position, dotted, "is not a dotted key such as training.epochs");
        return;
      }
      path.append(path.length() == 0 ? "" : ".").append(key);
      if (n == keys.length - 1) {
        current.put(key, position, value);
        return;
      }
      Node next = current.get(key);
      if (next == null) {
        MapNode created = new MapNode(position);
        current.put(key, position, created);
        current = created;
      } else if (next instanceof MapNode map) {
        current = map;
      } else if (next instanceof Node.ScalarNode s && !s.isNull() && n == keys.length - 2) {
        // shorthand such as `schedule: constant` meets `schedule.type=...` or `schedule.gamma=...`
        MapNode expanded = new MapNode(next.position());
        expanded.put("type", next.position(), next);
        current.put(key, current.keyPosition(key), expanded);
        current = expanded;
      } else {
        problems.add(position, dotted, path + " is not a mapping, cannot set " + dotted);
        return;
      }
    }
  }
}
