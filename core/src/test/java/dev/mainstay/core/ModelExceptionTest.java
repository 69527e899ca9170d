package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ModelExceptionTest {

  @Test
  void exception_badArguments_rejected() {
    assertThatThrownBy(() -> new ModelException(null, "m")).isInstanceOf(NullPointerException.class).hasMessage("kind");
    assertThatThrownBy(() -> new ModelException(ErrorKind.TIMEOUT, null)).isInstanceOf(NullPointerException.class).hasMessage("message");
    assertThatThrownBy(() -> new ModelException(ErrorKind.TIMEOUT, "m", "e", -1, null, null))
        .hasMessage("attempt must be >= 0, was -1");
    assertThatThrownBy(() -> new ModelException(ErrorKind.TIMEOUT, "m", "e", 1, Duration.ofMillis(-1), null))
        .hasMessage("retryAfter must not be negative, was PT-0.001S");
  }

  @Test
  void message_namesKindEndpointAttemptAndRetryAfter() {
    ModelException e = new ModelException(ErrorKind.RATE_LIMITED, "429", "ep-1", 2, Duration.ofMillis(1500), null);
    assertThat(e.getMessage()).isEqualTo("RATE_LIMITED from endpoint 'ep-1' (attempt 2): 429 (retry after 1500 ms)");
    assertThat(new ModelException(ErrorKind.INPUT_REJECTED, "blocked").getMessage()).isEqualTo("INPUT_REJECTED: blocked");
    assertThat(e.endpointId()).contains("ep-1");
    assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
  }

  @Test
  void forAttempt_keepsEverythingButAttribution() {
    // Given an unattributed exception with a cause and a suppressed exception
    IllegalStateException cause = new IllegalStateException("io");
    ModelException e = new ModelException(ErrorKind.TRANSIENT, "503", null, 0, Duration.ofSeconds(1), cause);
    e.addSuppressed(new RuntimeException("s"));
    // When attributed
    ModelException a = e.forAttempt("ep", 3);
    // Then kind, message, retry-after, cause, suppressed and stack are kept
    assertThat(a.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(a.getMessage()).isEqualTo("TRANSIENT from endpoint 'ep' (attempt 3): 503 (retry after 1000 ms)");
    assertThat(a.getCause()).isSameAs(cause);
    assertThat(a.getSuppressed()).hasSize(1);
    assertThat(a.getStackTrace()).isEqualTo(e.getStackTrace());
    assertThat(a.forAttempt("ep", 3)).isSameAs(a);
  }

  @Test
  void allFailed_carriesAttemptsInOrderAsSuppressed() {
    // Given two failed attempts
    ModelException first = new ModelException(ErrorKind.TRANSIENT, "503", "a", 1, Duration.ofSeconds(5), null);
    ModelException second = new ModelException(ErrorKind.RATE_LIMITED, "429", "b", 2, Duration.ofSeconds(2), null);
    List<ModelException> attempts = new ArrayList<>(List.of(first, second));
    // When combined
    AllEndpointsFailedException all = AllEndpointsFailedException.of(attempts, false);
    attempts.clear();
    // Then attempts are kept in order, unmodifiable, and the kinds differ so it is UNAVAILABLE
    assertThat(all.getSuppressed()).containsExactly(first, second);
    assertThat(all.attempts()).containsExactly(first, second);
    assertThatThrownBy(() -> all.attempts().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(all.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(all.retryAfter()).contains(Duration.ofSeconds(2));
    assertThat(all.getMessage()).isEqualTo("UNAVAILABLE: every endpoint failed (2 attempts) (retry after 2000 ms)");
  }

  @Test
  void allFailed_kindRules() {
    ModelException t1 = new ModelException(ErrorKind.TIMEOUT, "t", "a", 1, null, null);
    ModelException t2 = new ModelException(ErrorKind.TIMEOUT, "t", "b", 2, null, null);
    ModelException bad = new ModelException(ErrorKind.INVALID_REQUEST, "400", "b", 2, null, null);
    assertThat(AllEndpointsFailedException.of(List.of(t1, t2), false).kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(AllEndpointsFailedException.of(List.of(t1, bad), false).kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
    assertThat(AllEndpointsFailedException.of(List.of(), false).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    AllEndpointsFailedException late = AllEndpointsFailedException.of(List.of(), true);
    assertThat(late.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(late.getMessage()).isEqualTo("TIMEOUT: deadline passed before any endpoint answered (0 attempts)");
    assertThat(AllEndpointsFailedException.of(List.of(t1), false).getMessage()).endsWith("(1 attempt)");
  }

  @Test
  void errorKind_tableMatchesDesign() {
    assertThat(ErrorKind.TRANSIENT.retrySameEndpoint()).isTrue();
    assertThat(ErrorKind.INVALID_OUTPUT.retrySameEndpoint()).isTrue();
    assertThat(ErrorKind.RATE_LIMITED.retrySameEndpoint()).isFalse();
    assertThat(ErrorKind.RATE_LIMITED.failover()).isTrue();
    assertThat(ErrorKind.INVALID_REQUEST.failover()).isFalse();
    assertThat(ErrorKind.CANCELLED.endpointFault()).isFalse();
    assertThat(ErrorKind.CONTENT_FILTERED.endpointFault()).isTrue();
    assertThat(ErrorKind.INPUT_REJECTED.endpointFault()).isFalse();
    assertThat(ErrorKind.TIMEOUT.endpointFault()).isTrue();
  }
}
