package io.github.failover4j.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a value of the configuration file is read, and what it must look like: a value that cannot
 * be read is reported as {@code vrid: "x" (expected: a whole number)}.
 *
 * @param <T> the value's type
 * @param expected what the value must look like
 * @param parse the value; null if it is not one, or an {@link IllegalArgumentException} whose
 *     message says what is wrong with it better than {@code expected} can
 */
record Type<T>(String expected, Function<JsonNode, T> parse) {
  private static final Pattern DURATION_TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  /** Text that is not blank. */
  static final Type<String> TEXT = new Type<>("text",
      value -> value.isValueNode() && !value.asText().isBlank() ? value.asText() : null);

  /** A whole number, also written as text ({@code "51"}). */
  static final Type<Integer> INTEGER = new Type<>("a whole number", value -> {
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.intValue();
    }
    return value.isTextual() && value.asText().matches("-?\\d{1,9}") ? Integer.valueOf(value.asText()) : null;
  });

  /** {@code true} or {@code false}. */
  static final Type<Boolean> BOOLEAN = new Type<>("true or false",
      value -> value.isBoolean() ? value.booleanValue() : null);

  /** A duration: {@code 100ms}, {@code 1s}, {@code 1.5s}, {@code 5m}, {@code 1h}, or {@code 0}. */
  static final Type<Duration> DURATION = new Type<>("a duration such as 100ms, 1s, 1.5s, 5m",
      value -> value.isValueNode() ? duration(value.asText()) : null);

  /** A list of texts. */
  static final Type<List<String>> TEXTS = new Type<>("a list", value -> {
    if (!value.isArray()) {
      return null;
    }
    List<String> texts = new ArrayList<>();
    value.forEach(item -> texts.add(item.asText()));
    return texts;
  });

  /**
   * One of a few words, in any case.
   *
   * @param <E> what they stand for
   * @param words the words, in the order the problem lists them
   * @param meaning what a word stands for
   * @return the type
   */
  static <E> Type<E> oneOf(List<String> words, Function<String, E> meaning) {
    String expected = words.size() == 2 ? String.join(" or ", words) : "one of " + String.join(", ", words);
    return new Type<>(expected, value -> {
      String word = value.asText().toLowerCase(Locale.ROOT);
      return value.isTextual() && words.contains(word) ? meaning.apply(word) : null;
    });
  }

  /**
   * Text read by a parser that says itself what is wrong ({@link IllegalArgumentException}).
   *
   * @param <T> the value's type
   * @param expected what the text must look like, when it is not text at all
   * @param parser the value
   * @return the type
   */
  static <T> Type<T> parsed(String expected, Function<String, T> parser) {
    return new Type<>(expected, value -> value.isValueNode() ? parser.apply(value.asText()) : null);
  }

  /**
   * Parses a duration as the file writes it.
   *
   * @param text e.g. {@code 100ms}, {@code 1.5s}, {@code 0}
   * @return the duration, or null if the text is not one
   */
  static Duration duration(String text) {
    if (text.strip().equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION_TEXT.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    double nanos = Double.parseDouble(m.group(1)) * switch (m.group(2)) {
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
    return Duration.ofNanos(Math.round(nanos));
  }
}
