package dev.mainstay.security;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import java.util.List;

/**
 * An {@link InputGuard} blocked the request ({@link ErrorKind#INPUT_REJECTED}); it never reached a
 * model. Carries the findings; its message names scanners, types and scores, never text.
 */
public final class InputRejectedException extends ModelException {
  private static final long serialVersionUID = 1L;

  private final transient List<Finding> findings;

  /**
   * Creates the exception.
   *
   * @param findings the blocking findings (at least one)
   */
  public InputRejectedException(List<Finding> findings) {
    super(ErrorKind.INPUT_REJECTED, "input rejected: " + Guards.describe(findings));
    this.findings = List.copyOf(findings);
  }

  /**
   * The findings that blocked the request.
   *
   * @return the findings
   */
  public List<Finding> findings() {
    return findings;
  }
}
