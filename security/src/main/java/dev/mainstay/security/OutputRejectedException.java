package dev.mainstay.security;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import java.util.List;

/**
 * An {@link OutputGuard} blocked a model's answer ({@link ErrorKind#OUTPUT_REJECTED}). Carries the
 * findings; its message names scanners, types and scores, never text.
 */
public final class OutputRejectedException extends ModelException {
  private static final long serialVersionUID = 1L;

  private final transient List<Finding> findings;

  /**
   * Creates the exception.
   *
   * @param findings the blocking findings (at least one)
   */
  public OutputRejectedException(List<Finding> findings) {
    super(ErrorKind.OUTPUT_REJECTED, "output rejected: " + Guards.describe(findings));
    this.findings = List.copyOf(findings);
  }

  /**
   * The findings that blocked the answer.
   *
   * @return the findings
   */
  public List<Finding> findings() {
    return findings;
  }
}
