package dev.mainstay.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus names Micrometer gives our meters, and the docs that query them: every metric
 * and label the Grafana dashboard and the alert rules use exists in a real scrape.
 */
final class PrometheusExportTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? ", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
  private static final Pattern OUR_NAME = Pattern.compile("\\b(?:gen_ai|mainstay)_[a-z0-9_]+\\b");
  private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)\\s*\"");
  private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");

  private static String scrape;
  private static final Set<String> samples = new TreeSet<>();
  private static final Set<String> labels = new TreeSet<>();

  @BeforeAll
  static void scrape() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Workload.run(Observability.of(OpenTelemetry.noop(), registry));
    scrape = registry.scrape();
    Matcher m = SAMPLE.matcher(scrape);
    while (m.find()) {
      samples.add(m.group(1));
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.add(l.group(1));
        }
      }
    }
  }

  @Test
  void scrape_namesFollowMicrometerPrometheusNaming() {
    assertThat(samples).contains(
        "gen_ai_client_operation_duration_seconds_bucket",
        "gen_ai_client_operation_duration_seconds_count",
        "gen_ai_client_operation_duration_seconds_sum",
        "gen_ai_client_token_usage_tokens_bucket",
        "mainstay_calls_total",
        "mainstay_attempts_total",
        "mainstay_attempt_duration_seconds_count",
        "mainstay_failovers_total",
        "mainstay_breaker_state",
        "mainstay_drift_alarms_total",
        "mainstay_cost_total");
    assertThat(labels).contains("gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model",
        "gen_ai_response_model", "error_type", "gen_ai_token_type", "mainstay_client", "mainstay_endpoint");
    for (double b : GenAiSemconv.DURATION_BUCKETS) {
      assertThat(scrape).contains("le=\"" + b + "\"");
    }
    assertThat(scrape).contains("gen_ai_client_token_usage_tokens_bucket{").contains("le=\"6.7108864E7\"");
  }

  @Test
  void grafanaDashboard_queriesOnlyMetricsAndLabelsThatExist() throws IOException {
    // Given the dashboard JSON
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DOCS.resolve("grafana/mainstay-dashboard.json")));
    List<String> exprs = new ArrayList<>();
    dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> exprs.add(t.get("expr").asText())));
    dashboard.get("templating").get("list").forEach(v -> {
      if (v.has("definition")) {
        exprs.add(v.get("definition").asText());
      }
    });

    // Then every query names scraped metrics and labels
    assertThat(exprs).hasSizeGreaterThan(15);
    assertThat(dashboard.get("panels").get(0).get("datasource").get("type").asText()).isEqualTo("prometheus");
    exprs.forEach(PrometheusExportTest::checkQuery);
  }

  @Test
  void alertRules_queryOnlyMetricsAndLabelsThatExist() throws IOException {
    // Given the alert rules
    String rules = Files.readString(DOCS.resolve("alerts/mainstay-alerts.yml"));
    List<String> exprs = new ArrayList<>();
    Matcher m = Pattern.compile("expr: \\|\\n((?:\\s{10,}.*\\n)+)|expr: (.+)\\n").matcher(rules);
    while (m.find()) {
      exprs.add(m.group(1) != null ? m.group(1) : m.group(2));
    }

    // Then there is one rule for each required concern and every query is sound
    assertThat(rules).contains("MainstayAvailabilityLow", "MainstayFailoverRateHigh", "MainstayBreakerOpen",
        "MainstayDriftDetected");
    assertThat(exprs).hasSize(6);
    exprs.forEach(PrometheusExportTest::checkQuery);
  }

  @Test
  void docs_documentEveryMeter() throws IOException {
    // Given every meter the workload registers
    String docs = Files.readString(DOCS.resolve("observability.md"));
    Set<String> names = new TreeSet<>();
    try (TestTelemetry t = new TestTelemetry()) {
      Workload.run(Observability.of(t.openTelemetry, t.meters));
      for (Meter meter : t.meters.getMeters()) {
        if (meter.getId().getTag("le") == null) {
          names.add(meter.getId().getName());
        }
      }
    }

    // Then each has a row in the meter table of docs/observability.md
    assertThat(names).hasSizeGreaterThan(20);
    assertThat(names).allSatisfy(n -> assertThat(docs).contains("| `" + n + "` |"));
  }

  private static void checkQuery(String expr) {
    Matcher names = OUR_NAME.matcher(expr);
    boolean metric = false;
    while (names.find()) {
      String n = names.group();
      assertThat(samples.contains(n) || labels.contains(n))
          .as("'%s' in %s is neither a scraped metric nor a label", n, expr).isTrue();
      metric |= samples.contains(n);
    }
    assertThat(metric).as("no scraped metric in %s", expr).isTrue();
    Matcher matchers = MATCHER.matcher(expr);
    while (matchers.find()) {
      assertThat(labels).as("label matcher in %s", expr).contains(matchers.group(1));
    }
    Matcher by = BY.matcher(expr);
    while (by.find()) {
      for (String label : by.group(1).split(",")) {
        String l = label.trim();
        if (!l.equals("le")) {
          assertThat(labels).as("by-label in %s", expr).contains(l);
        }
      }
    }
  }
}
