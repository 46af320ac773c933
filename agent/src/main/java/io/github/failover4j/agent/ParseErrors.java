package io.github.failover4j.agent;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;

/**
 * Says a YAML or JSON syntax error without the parsers' words, which quote the file (the line of a
 * password, an unquoted token): only where it is, and a kind of error from a fixed list. Nothing of
 * the file's text can reach a message this way.
 */
final class ParseErrors {
  /** A fragment of the parser's message, and the kind of error it means, first match wins. */
  private static final List<Map.Entry<String, String>> YAML = List.of(
      Map.entry("mapping values are not allowed",
          "a colon and space where no key may be: quote a value holding \": \""),
      Map.entry("could not find expected ':'", "a key without its colon, or a quote not closed"),
      Map.entry("cannot start any token", "a character that cannot start a value, such as @, ` or a tab: quote the"
          + " value, indent with spaces"),
      Map.entry("while scanning a quoted scalar", "a quote not closed"),
      Map.entry("found unknown escape character", "an unknown escape in double quotes: use single quotes"),
      Map.entry("Duplicate field", "a key twice in one map"),
      Map.entry("found duplicate key", "a key twice in one map"),
      Map.entry("while scanning an alias", "an alias (*name) not written as one"),
      Map.entry("while scanning an anchor", "an anchor (&name) not written as one"),
      Map.entry("did not find expected ',' or ']'", "a [ not closed"),
      Map.entry("while parsing a flow sequence", "a [ not closed"),
      Map.entry("while parsing a flow mapping", "a { not closed"),
      Map.entry("did not find expected ',' or '}'", "a { not closed"),
      Map.entry("did not find expected key", "an indentation that does not match the lines above"),
      Map.entry("expected <block end>", "an indentation that does not match the lines above"),
      Map.entry("did not find expected '-' indicator", "an indentation that does not match the lines above"),
      Map.entry("found unexpected end of stream", "the file ends inside a value: a quote or bracket not closed"),
      Map.entry("while scanning a block scalar", "a block scalar (| or >) written wrongly"));
  private static final List<Map.Entry<String, String>> JSON = List.of(
      Map.entry("Unrecognized token", "a value that is not JSON: text must be in quotes"),
      Map.entry("Duplicate field", "a key twice in one object"),
      Map.entry("end-of-input", "the file ends inside a value: a quote or bracket not closed"),
      Map.entry("Leading zeroes", "a number with leading zeros: quote it if it is text"),
      Map.entry("Invalid numeric value", "an invalid number"),
      Map.entry("Illegal unquoted character", "a control character in quotes: escape it"),
      Map.entry("Unexpected close marker", "a closing bracket that does not match"),
      Map.entry("was expecting double-quote to start field name", "a key not in double quotes"),
      Map.entry("was expecting comma", "a comma missing between two values"),
      Map.entry("was expecting a colon", "a key without its colon"),
      Map.entry("Unexpected character", "a character that cannot be there"));

  private ParseErrors() {}

  /**
   * Describes a parse error.
   *
   * @param e the parser's error
   * @param json whether the file is JSON
   * @return e.g. {@code line 7, column 19: invalid YAML (a colon and space where no key may be: ...)}
   */
  static String describe(JsonProcessingException e, boolean json) {
    String kind = e instanceof YamlTree.Invalid invalid ? invalid.getOriginalMessage() : kind(e, json);
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr()
        + (at.getColumnNr() < 1 ? "" : ", column " + at.getColumnNr()) + ": ";
    return where + "invalid " + (json ? "JSON" : "YAML") + " (" + kind + ")";
  }

  private static String kind(JsonProcessingException e, boolean json) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 10_000; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    for (Map.Entry<String, String> known : json ? JSON : YAML) {
      if (text.indexOf(known.getKey()) >= 0) {
        return known.getValue();
      }
    }
    return "a syntax error";
  }
}
