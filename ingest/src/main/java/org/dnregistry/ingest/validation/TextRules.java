package org.dnregistry.ingest.validation;

import java.util.Optional;
import org.dnregistry.topics.Keys;

/** Checks of strings shared by ids and texts. Messages never quote the text: it may be a patient id. */
final class TextRules {
  private TextRules() {}

  /** Why {@code s} is not a valid id, if it is not. */
  static Optional<String> idProblem(String s, int maxLength) {
    if (s.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (s.codePointCount(0, s.length()) > maxLength) {
      return Optional.of("must be at most " + maxLength + " characters, got " + s.codePointCount(0, s.length()));
    }
    if (s.indexOf(Keys.SEP) >= 0) {
      return Optional.of("must not contain '" + Keys.SEP + "' (it separates the parts of record keys)");
    }
    if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
      return Optional.of("must not start or end with whitespace");
    }
    return characterProblem(s, false);
  }

  /** Why {@code s} is not a valid text, if it is not. Line breaks and tabs are allowed only in multi-line text. */
  static Optional<String> textProblem(String s, int maxLength, boolean multiLine) {
    if (s.isBlank()) {
      return Optional.of("must not be blank");
    }
    int length = s.codePointCount(0, s.length());
    if (length > maxLength) {
      return Optional.of("must be at most " + maxLength + " characters, got " + length);
    }
    return characterProblem(s, multiLine);
  }

  private static Optional<String> characterProblem(String s, boolean multiLine) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return Optional.of("contains an unpaired surrogate (invalid Unicode) at position " + i);
      }
      if (Character.isLowSurrogate(c)) {
        return Optional.of("contains an unpaired surrogate (invalid Unicode) at position " + i);
      }
      boolean allowed = multiLine && (c == '\n' || c == '\r' || c == '\t');
      if (!allowed && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
        return Optional.of("must not contain control characters (found U+"
            + String.format("%04X", (int) c) + " at position " + i + ")");
      }
    }
    return Optional.empty();
  }

  /** A short, printable rendering of a client-supplied value for a message (codes and numbers only). */
  static String quote(String s) {
    var out = new StringBuilder("'");
    int limit = 40;
    for (int i = 0; i < s.length() && i < limit; i++) {
      char c = s.charAt(i);
      out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
    }
    if (s.length() > limit) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
