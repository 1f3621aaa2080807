package org.fraction.engine.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A workflow value that remembers where it was written. */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {

  Position position();

  /** A deep copy, so that trials expanded from one file never share mutable state. */
  Node copy();

  /** A mapping; keys keep their written order and their own positions. */
  final class MapNode implements Node {
    private final Position position;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    public MapNode(Position position) {
      this.position = position;
    }

    public record Entry(Position keyPosition, Node value) {}

    @Override
    public Position position() {
      return position;
    }

    public Map<String, Entry> entries() {
      return entries;
    }

    public Node get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    public Position keyPosition(String key) {
      Entry e = entries.get(key);
      return e == null ? position : e.keyPosition();
    }

    public void put(String key, Position keyPosition, Node value) {
      entries.put(key, new Entry(keyPosition, value));
    }

    public Node remove(String key) {
      Entry e = entries.remove(key);
      return e == null ? null : e.value();
    }

    @Override
    public MapNode copy() {
      MapNode m = new MapNode(position);
      entries.forEach((k, e) -> m.entries.put(k, new Entry(e.keyPosition(), e.value().copy())));
      return m;
    }

    /**
     * As written in flow style, e.g. {@code {type: snip, keep: 0.5}}, for messages and matrix
     * choices.
     */
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("{");
      entries.forEach(
          (k, e) ->
              sb.append(sb.length() > 1 ? ", " : "").append(k).append(": ").append(e.value()));
      return sb.append('}').toString();
    }
  }

  /** A sequence. */
  final class ListNode implements Node {
    private final Position position;
    private final List<Node> items = new ArrayList<>();

    public ListNode(Position position) {
      this.position = position;
    }

    @Override
    public Position position() {
      return position;
    }

    public List<Node> items() {
      return items;
    }

    @Override
    public ListNode copy() {
      ListNode l = new ListNode(position);
      items.forEach(i -> l.items.add(i.copy()));
      return l;
    }

    @Override
    public String toString() {
      return items.toString();
    }
  }

  /**
   * A scalar as written. {@code text} is null for YAML null ({@code ~}, {@code null} or empty);
   * {@code quoted} tells a quoted string, which never converts to a number or boolean.
   */
  record ScalarNode(String text, boolean quoted, Position position) implements Node {
    @Override
    public ScalarNode copy() {
      return this;
    }

    public boolean isNull() {
      return text == null;
    }

    @Override
    public String toString() {
      return text == null ? "null" : text;
    }
  }
}
