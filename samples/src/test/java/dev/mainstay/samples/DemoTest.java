package dev.mainstay.samples;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(reports.get(0).stats().availability()).isEqualTo(1.0);
    assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("== 1. normal traffic");
  }
}
