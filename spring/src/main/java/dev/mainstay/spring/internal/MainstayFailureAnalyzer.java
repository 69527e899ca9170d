package dev.mainstay.spring.internal;

import dev.mainstay.spring.MainstayConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link MainstayConfigurationException} into Boot's startup failure report. */
public final class MainstayFailureAnalyzer extends AbstractFailureAnalyzer<MainstayConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MainstayConfigurationException cause) {
    return new FailureAnalysis(
        "Invalid Mainstay configuration:\n\n    Property: " + cause.key() + "\n    Reason: " + cause.reason(),
        "Update '" + cause.key() + "' in your application configuration. The keys are documented in"
            + " docs/spring.md; your IDE completes them from the starter's configuration metadata.",
        cause);
  }
}
