package dev.mainstay.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the demo's small workload end to end: the README's first command must keep working. */
final class DemoTest {

  @Test
  void demo_quickRun_reportsEveryPhaseWithTypedOutcomes() throws Exception {
    // Given the demo in quick mode
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    // When it runs
    List<Demo.PhaseReport> reports;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      reports = new Demo(true).run(out);
    }

    // Then every phase reports, and every call ended with a response or a typed error
    assertThat(reports).extracting(Demo.PhaseReport::name)
        .anySatisfy(n -> assertThat(n).contains("normal"))
        .anySatisfy(n -> assertThat(n).contains("outage"))
        .anySatisfy(n -> assertThat(n).contains("hostile"))
        .anySatisfy(n -> assertThat(n).contains("shift"));
    for (Demo.PhaseReport r : reports) {
      assertThat(r.stats().untyped()).as(r.name()).isZero();
      assertThat(r.stats().calls()).as(r.name()).isPositive();
    }
    Demo.PhaseReport normal = reports.get(0);
    Demo.PhaseReport outage = reports.get(1);
    Demo.PhaseReport hostile = reports.get(2);
    Demo.PhaseReport tail = reports.get(3);
    Demo.PhaseReport shift = reports.get(4);
    assertThat(normal.stats().availability()).isEqualTo(1.0);
    assertThat(normal.events().get("CacheHit")).isPositive();
    // the outage costs no call while a backup is healthy, and the route says why it moved
    assertThat(outage.stats().availability()).isEqualTo(1.0);
    assertThat(outage.events().get("FailedOver")).isPositive();
    assertThat(outage.facts()).anySatisfy(f -> assertThat(f).contains("marked stale=true"));
    // hostile prompts are blocked or redacted, and blocked ones never reach an endpoint
    assertThat(hostile.stats().errors()).containsKey(ErrorKind.INPUT_REJECTED);
    assertThat(hostile.events()).containsKey("InputRedacted");
    assertThat(hostile.facts()).anySatisfy(f -> assertThat(f).contains("no blocked prompt reached"));
    long allowed = hostile.stats().calls() - hostile.stats().errors().get(ErrorKind.INPUT_REJECTED);
    assertThat(hostile.facts().get(0)).contains(allowed + " prompts reached an endpoint");
    assertThat(tail.events()).containsKey("HedgeLaunched");
    // the shift raises a drift alarm and the action marks the endpoint degraded
    assertThat(shift.events().get("DriftDetected")).isPositive();
    assertThat(shift.facts()).contains("fraud-primary degraded now: true");
    assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("== 1. normal traffic");
  }
}
