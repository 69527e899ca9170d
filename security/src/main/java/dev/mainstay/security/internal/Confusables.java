package dev.mainstay.security.internal;

/**
 * A skeleton map for the confusable letters attackers use most: Cyrillic, Greek, Armenian and a
 * few Latin look-alikes mapped to the ASCII letter they resemble (a small subset of Unicode TR39's
 * confusables table).
 */
public final class Confusables {
  private static final char[] MAP = new char[0x0600];
  private static final String PAIRS =
      // Cyrillic lower case
      "\u0430a\u0435e\u043Eo\u0440p\u0441c\u0443y\u0445x\u0456i\u0458j\u0455s\u0501d\u04BBh"
          + "\u04CFl\u051Bq\u051Dw\u0457i\u045Bh\u0475v\u04E9o\u0461w"
          // Cyrillic upper case
          + "\u0410A\u0412B\u0415E\u041AK\u041CM\u041DH\u041EO\u0420P\u0421C\u0422T\u0425X"
          + "\u0406I\u0408J\u0405S\u0423Y\u051AQ\u051CW\u0417E\u04C0I\u0474V"
          // Greek
          + "\u03B1a\u03B2b\u03B3y\u03B5e\u03B9i\u03BAk\u03BDv\u03BFo\u03C1p\u03C4t\u03C5u\u03C7x"
          + "\u03C9w\u03F2c\u03F3j\u0391A\u0392B\u0395E\u0396Z\u0397H\u0399I\u039AK\u039CM\u039DN"
          + "\u039FO\u03A1P\u03A4T\u03A5Y\u03A7X\u03F9C\u037Fj"
          // Armenian
          + "\u0585o\u057Du\u0581g\u0566q\u0578n\u0570h\u0561w\u0575j\u0574u\u054DU\u0555O"
          // Latin look-alikes
          + "\u0251a\u0261g\u0131i\u0237j\u026Ai\u0269i\u01C3!\u0280r\u028Fy\u1D00a\u1D04c"
          + "\u1D05d\u1D07e\u1D0Bk\u1D0Do\u1D18p\u1D1Bt\u1D1Cu\u1D20v\u1D21w\u1D22z";

  static {
    for (int i = 0; i + 1 < PAIRS.length(); i += 2) {
      char from = PAIRS.charAt(i);
      if (from < MAP.length) {
        MAP[from] = PAIRS.charAt(i + 1);
      }
    }
  }

  private static final String SMALL_CAPS = "\u1D00a\u1D04c\u1D05d\u1D07e\u1D0Bk\u1D0Do\u1D18p"
      + "\u1D1Bt\u1D1Cu\u1D20v\u1D21w\u1D22z";

  private Confusables() {}

  /**
   * The skeleton of a char: the ASCII letter it is commonly confused with, or the char itself.
   *
   * @param c a char
   * @return the skeleton char
   */
  public static char skeleton(char c) {
    if (c < 0x80) {
      return c;
    }
    if (c < MAP.length) {
      char m = MAP[c];
      return m == 0 ? c : m;
    }
    if (c >= 0x1D00 && c <= 0x1D22) {
      int i = SMALL_CAPS.indexOf(c);
      return i >= 0 ? SMALL_CAPS.charAt(i + 1) : c;
    }
    return c;
  }

  /**
   * Whether a char has a Latin skeleton different from itself.
   *
   * @param c a char
   * @return true for a confusable
   */
  public static boolean isConfusable(char c) {
    return skeleton(c) != c;
  }
}
