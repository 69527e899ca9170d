package dev.mainstay.cache.internal;

import java.util.Locale;
import java.util.TreeSet;

/**
 * The parts of a question that a semantic match must reproduce exactly: its numbers and whether it
 * is negated. Two questions whose signatures differ are never compared, so "how do I not X" never
 * gets the answer to "how do I X", and "port 8080" never gets the answer to "port 8081", whatever
 * the embedder thinks of their similarity.
 *
 * <ul>
 *   <li>Numbers: the set of maximal digit runs, leading zeros dropped ("v2.10.0" gives {0, 2, 10};
 *       "07" is "7"); order and repetition do not matter, so "8 May 2015" matches "May 8, 2015".
 *       Number words ("ten") are not numbers.
 *   <li>Negation (English): a word among not, no, never, nor, neither, none, nobody, nothing,
 *       nowhere, without, cannot, or a contraction ending in n't (any apostrophe, or none: "dont").
 * </ul>
 */
public final class LiteralSignature {
  private LiteralSignature() {}

  private static final java.util.Set<String> NEGATIONS = java.util.Set.of("not", "no", "never", "nor",
      "neither", "none", "nobody", "nothing", "nowhere", "without", "cannot", "dont", "doesnt", "didnt",
      "isnt", "arent", "wasnt", "werent", "cant", "wont", "shouldnt", "wouldnt", "couldnt", "hasnt",
      "havent", "hadnt", "aint", "neednt", "mustnt", "mightnt", "shant");

  /** The longest word in {@link #NEGATIONS}. */
  private static final int MAX_NEGATION_LENGTH =
      NEGATIONS.stream().mapToInt(String::length).max().orElse(0);

  /** Bit {@code c - 'a'} is set when a word in {@link #NEGATIONS} starts with {@code c}. */
  private static final int NEGATION_FIRST_LETTERS =
      NEGATIONS.stream().mapToInt(w -> 1 << (w.charAt(0) - 'a')).reduce(0, (a, b) -> a | b);

  /**
   * The signature of a text: {@code ""} when it has no digits and no negation, else a canonical
   * string of the sorted digit runs and a negation flag.
   *
   * @param text the text (the last message of a request)
   * @return the signature
   */
  public static String of(String text) {
    TreeSet<String> numbers = null;
    boolean negated = false;
    String t = text.toLowerCase(Locale.ROOT);
    int n = t.length();
    int i = 0;
    boolean previousEndsN = false;
    while (i < n) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        int s = i;
        while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
          i++;
        }
        while (s < i - 1 && t.charAt(s) == '0') {
          s++;
        }
        if (numbers == null) {
          numbers = new TreeSet<>();
        }
        numbers.add(t.substring(s, i));
        previousEndsN = false;
      } else if (Character.isLetter(c)) {
        int s = i;
        while (i < n && Character.isLetter(t.charAt(i))) {
          i++;
        }
        int len = i - s;
        if (len == 1 && c == 't') {
          negated |= previousEndsN && s > 0 && isApostrophe(t.charAt(s - 1)); // don't, can't, won't
        } else if (len >= 2 && len <= MAX_NEGATION_LENGTH && c >= 'a' && c <= 'z'
            && (NEGATION_FIRST_LETTERS & (1 << (c - 'a'))) != 0) {
          negated |= NEGATIONS.contains(t.substring(s, i));
        }
        previousEndsN = t.charAt(i - 1) == 'n';
      } else {
        i++;
        if (!isApostrophe(c)) {
          previousEndsN = false;
        }
      }
    }
    if (numbers == null && !negated) {
      return "";
    }
    StringBuilder sb = new StringBuilder(negated ? "neg" : "pos");
    if (numbers != null) {
      for (String num : numbers) {
        sb.append(',').append(num);
      }
    }
    return sb.toString();
  }

  private static boolean isApostrophe(char c) {
    return c == '\'' || c == '\u2019' || c == '\u02BC' || c == '`' || c == '\u00B4';
  }
}
