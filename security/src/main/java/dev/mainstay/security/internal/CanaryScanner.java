package dev.mainstay.security.internal;

import dev.mainstay.core.Nullable;
import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;

/**
 * Finds the request's canary token (set by the output guard in the system prompt) in an answer:
 * the whole token, or its first half, also in the scan view (so zero-width or fullwidth spellings
 * do not hide it). An answer that carries it has leaked the system prompt.
 */
public final class CanaryScanner implements Scanner {
  /** The scan value key holding the canary token. */
  public static final String KEY = "canary";

  @Override
  public String name() {
    return "canary";
  }

  @Override
  public boolean rescansDecoded() {
    return true;
  }

  @Override
  public void scan(ScanContext ctx) {
    String token = ctx.value(KEY);
    if (token == null || token.length() < 8) {
      return;
    }
    if (find(ctx, ctx.text(), token, false) || find(ctx, ctx.view(), token, true)) {
      return;
    }
    String half = token.substring(0, token.length() / 2);
    if (!find(ctx, ctx.text(), half, false)) {
      find(ctx, ctx.view(), half, true);
    }
  }

  private static boolean find(ScanContext ctx, @Nullable String s, String token, boolean view) {
    if (s == null) {
      return false;
    }
    int at = s.indexOf(token);
    if (at < 0) {
      return false;
    }
    if (view) {
      ctx.reportInView("CANARY_LEAK", at, at + token.length(), 1.0);
    } else {
      ctx.report("CANARY_LEAK", at, at + token.length(), 1.0);
    }
    return true;
  }
}
