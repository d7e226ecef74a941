package dev.coffer.cli;

import java.io.StringWriter;
import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON trees read and written with Jackson's streaming parser and generator, not its object mapper:
 * the client only ever handles trees, and building a mapper (its type and module machinery) cost
 * about 0.13 s of every command's start-up. The trees are Jackson's own nodes.
 */
final class Json {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectWriteContext PRETTY =
      new ObjectWriteContext.Base() {
        @Override
        public PrettyPrinter getPrettyPrinter() {
          return new DefaultPrettyPrinter();
        }
      };

  ObjectNode createObjectNode() {
    return NODES.objectNode();
  }

  ArrayNode createArrayNode() {
    return NODES.arrayNode();
  }

  /** Strings, numbers, booleans, nulls, nodes, and lists and maps of them, as a tree. */
  JsonNode valueToTree(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof JsonNode n) {
      return n;
    }
    if (value instanceof CharSequence s) {
      return NODES.textNode(s.toString());
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Long) {
      return NODES.numberNode(((Number) value).longValue());
    }
    if (value instanceof Number n) {
      return NODES.numberNode(n.doubleValue());
    }
    if (value instanceof Collection<?> c) {
      ArrayNode a = NODES.arrayNode();
      c.forEach(e -> a.add(valueToTree(e)));
      return a;
    }
    if (value instanceof Map<?, ?> m) {
      ObjectNode o = NODES.objectNode();
      m.forEach((k, v) -> o.set(String.valueOf(k), valueToTree(v)));
      return o;
    }
    throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
  }

  /** The document in {@code body}; a missing node when it is empty. */
  JsonNode readTree(byte[] body) {
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), body)) {
      JsonToken first = p.nextToken();
      return first == null ? NODES.missingNode() : value(p, first);
    }
  }

  JsonNode readTree(String body) {
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), body)) {
      JsonToken first = p.nextToken();
      return first == null ? NODES.missingNode() : value(p, first);
    }
  }

  private static JsonNode value(JsonParser p, JsonToken token) {
    switch (token) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        for (String name = p.nextName(); name != null; name = p.nextName()) {
          o.set(name, value(p, p.nextToken()));
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          a.add(value(p, t));
        }
        return a;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getString());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return NODES.numberNode(p.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new StreamReadException(p, "unexpected " + token);
    }
  }

  String writeValueAsString(Object value) {
    return write(value, ObjectWriteContext.empty());
  }

  byte[] writeValueAsBytes(Object value) {
    return writeValueAsString(value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Indented as Jackson's default pretty printer does it. */
  String writePretty(Object value) {
    return write(value, PRETTY);
  }

  private String write(Object value, ObjectWriteContext context) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(context, w)) {
      write(g, valueToTree(value));
    }
    return w.toString();
  }

  private static void write(JsonGenerator g, JsonNode n) throws JacksonException {
    switch (n.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
          g.writeName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode e : n) {
          write(g, e);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(n.asString());
      case NUMBER -> {
        if (n.isBigInteger()) {
          g.writeNumber(n.bigIntegerValue());
        } else if (n.isIntegralNumber()) {
          g.writeNumber(n.longValue());
        } else if (n.isBigDecimal()) {
          g.writeNumber(n.decimalValue());
        } else {
          g.writeNumber(n.doubleValue());
        }
      }
      case BOOLEAN -> g.writeBoolean(n.booleanValue());
      case BINARY -> g.writeBinary(n.binaryValue());
      default -> g.writeNull();
    }
  }
}
