package org.fraction.engine.workflow;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.fraction.engine.workflow.Node.ListNode;
import org.fraction.engine.workflow.Node.MapNode;
import org.fraction.engine.workflow.Node.ScalarNode;

/**
 * Reads YAML into a {@link Node} tree in which every key and value keeps its line and column, using
 * Jackson's streaming YAML parser.
 */
public final class YamlTree {

  private static final YAMLFactory FACTORY = new YAMLFactory();

  /**
   * The largest workflow file read. Workflows are a few hundred bytes; the YAML parser would spend
   * minutes on a 50 MB value before its own limit stops it, so the size is checked first.
   */
  public static final long MAX_FILE_BYTES = 1 << 20;

  private YamlTree() {}

  /** Reads a workflow file; a missing or unreadable file is reported as a problem of it. */
  public static MapNode read(Path file) {
    String source = file.toString();
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new WorkflowException(
            new Position(source, 0, 0),
            "",
            String.format(
                Locale.ROOT,
                "is %,d bytes; a workflow file may hold at most %,d (1 MiB)",
                size,
                MAX_FILE_BYTES));
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new WorkflowException(new Position(source, 0, 0), "", "no such file");
    } catch (IOException e) {
      throw new WorkflowException(new Position(source, 0, 0), "", "cannot read: " + e.getMessage());
    }
    return parseDocument(text, source);
  }

  /** Parses a document whose top level must be a mapping. */
  public static MapNode parseDocument(String text, String source) {
    Node root = parse(new StringReader(text), source);
    if (root == null) {
      throw new WorkflowException(new Position(source, 1, 1), "", "the file is empty");
    }
    if (!(root instanceof MapNode map)) {
      throw new WorkflowException(
          root.position(), "", "the top level must be a mapping of keys to values");
    }
    return map;
  }

  /** Parses a single value, e.g. the right-hand side of {@code --set key=value}. */
  public static Node parseValue(String text, String source) {
    Node node = parse(new StringReader(text), source);
    return node == null ? new ScalarNode(null, false, new Position(source, 0, 0)) : node;
  }

  private static Node parse(Reader reader, String source) {
    try (JsonParser p = FACTORY.createParser(reader)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      Node node = readValue(p, source);
      if (p.nextToken() != null) {
        throw new WorkflowException(
            position(p.currentTokenLocation(), source), "", "only one YAML document is allowed");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String message = e.getOriginalMessage().split("\n")[0];
      throw new WorkflowException(position(loc, source), "", "not valid YAML: " + message);
    } catch (IOException e) {
      throw new WorkflowException(new Position(source, 0, 0), "", "cannot read: " + e.getMessage());
    }
  }

  private static Node readValue(JsonParser p, String source) throws IOException {
    Position pos = position(p.currentTokenLocation(), source);
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        MapNode map = new MapNode(pos);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          Position keyPos = position(p.currentTokenLocation(), source);
          if (map.entries().containsKey(key)) {
            throw new WorkflowException(
                keyPos, key, "duplicate key (first at line " + map.keyPosition(key).line() + ")");
          }
          p.nextToken();
          map.put(key, keyPos, readValue(p, source));
        }
        return map;
      }
      case START_ARRAY -> {
        ListNode list = new ListNode(pos);
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.items().add(readValue(p, source));
        }
        return list;
      }
      case VALUE_NULL -> {
        return new ScalarNode(null, false, pos);
      }
      case VALUE_STRING -> {
        return new ScalarNode(p.getText(), true, pos);
      }
      default -> {
        return new ScalarNode(p.getText(), false, pos);
      }
    }
  }

  private static Position position(JsonLocation loc, String source) {
    if (loc == null) {
      return new Position(source, 0, 0);
    }
    return new Position(source, Math.max(loc.getLineNr(), 0), Math.max(loc.getColumnNr(), 0));
  }
}
