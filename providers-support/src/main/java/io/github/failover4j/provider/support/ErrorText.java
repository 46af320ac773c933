package io.github.failover4j.provider.support;

import java.util.function.UnaryOperator;

/** A provider's own text (an error message, a task's comment) as an exception message may quote it. */
public final class ErrorText {
  /** The longest provider text an exception message quotes. */
  private static final int MAX_LENGTH = 200;

  private ErrorText() {}

  /**
   * Shortens a provider's text, without the secrets: they are removed before the text is cut, so
   * that no part of one survives at the cut.
   *
   * @param text the provider's text
   * @param redact removes the secrets from a text
   * @return at most 200 characters of it, then {@code …}
   */
  public static String shorten(String text, UnaryOperator<String> redact) {
    String clean = redact.apply(text);
    return clean.length() > MAX_LENGTH ? clean.substring(0, MAX_LENGTH) + "…" : clean;
  }
}
