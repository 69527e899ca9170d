package dev.mainstay.testkit.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.testkit.FaultAction;
import dev.mainstay.testkit.Faults;
import dev.mainstay.testkit.LatencyModel;
import dev.mainstay.testkit.ScoreDistribution;
import dev.mainstay.testkit.SimulatedEndpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parses {@code simulated:<mode>?<param>=<value>&...} into a {@link SimulatedEndpoint.Builder}.
 * The grammar is documented in {@code docs/testkit.md}. Error messages name the parameter and the
 * expected form and never echo a value, so a secret pasted into the wrong place does not leak into
 * logs.
 */
public final class SimulatedUri {
  private SimulatedUri() {}

  /** The URI scheme. */
  public static final String SCHEME = "simulated";

  private static final List<String> MODES = List.of("chat", "completion", "embedding", "predict", "all");

  /** Parameters that may be given more than once (values accumulate). */
  private static final Set<String> REPEATABLE = Set.of("errorrate", "outage", "outagecalls", "shift");

  private static final List<String> KNOWN = List.of(
      "id", "ops", "model", "region", "zone", "tier", "weight", "price", "maxContext",
      "latency", "errorRate", "outage", "outageCalls", "seed",
      "answer", "dims", "score", "shift");

  /**
   * Parses a URI string.
   *
   * @param uri the text
   * @return a preset builder
   */
  public static SimulatedEndpoint.Builder parse(String uri) {
    try {
      return parse(new URI(uri));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed simulated endpoint URI: " + e.getReason()
          + " (percent-encode characters such as { } and spaces)");
    }
  }

  /**
   * Parses a URI.
   *
   * @param uri the URI
   * @return a preset builder
   */
  public static SimulatedEndpoint.Builder parse(URI uri) {
    requireNonNull(uri, "uri");
    if (uri.getScheme() == null || !SCHEME.equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not a simulated endpoint URI; expected scheme 'simulated:'");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("simulated endpoint URI must not have a #fragment");
    }
    String ssp = uri.getRawSchemeSpecificPart();
    while (ssp.startsWith("/")) {
      ssp = ssp.substring(1);
    }
    int q = ssp.indexOf('?');
    String mode = decode(q < 0 ? ssp : ssp.substring(0, q)).trim().toLowerCase(Locale.ROOT);
    if (mode.endsWith("/")) {
      mode = mode.substring(0, mode.length() - 1);
    }
    if (mode.isEmpty()) {
      mode = "chat";
    }
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException(
          "unknown simulated endpoint mode; expected one of " + MODES + " (as in simulated:chat?...)");
    }
    Map<String, List<String>> params = params(q < 0 ? "" : ssp.substring(q + 1));
    String id = single(params, "id");
    if (id != null && id.isBlank()) {
      throw new IllegalArgumentException("simulated endpoint URI: parameter 'id' must not be blank");
    }
    SimulatedEndpoint.Builder b = SimulatedEndpoint.builder(id == null ? "simulated-" + mode : id);
    String ops = single(params, "ops");
    if (ops != null) {
      try {
        List<Operation> list = operations(ops);
        b.operations(list.get(0), list.subList(1, list.size()).toArray(new Operation[0]));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            "simulated endpoint URI: parameter 'ops' is invalid: " + ex.getMessage(), ex);
      }
      mode = "ops";
    }
    switch (mode) {
      case "chat":
        b.operations(Operation.CHAT, Operation.COMPLETION);
        break;
      case "completion":
        b.operations(Operation.COMPLETION);
        break;
      case "embedding":
        b.operations(Operation.EMBEDDING);
        break;
      case "predict":
        b.operations(Operation.PREDICT);
        break;
      default:
        break;
    }
    Faults.Builder faults = Faults.builder();
    boolean anyFaults = false;
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      String name = e.getKey();
      for (String value : e.getValue()) {
        try {
          anyFaults |= apply(b, faults, name, value);
        } catch (IllegalArgumentException | IllegalStateException ex) {
          throw new IllegalArgumentException("simulated endpoint URI: parameter '" + canonical(name)
              + "' is invalid: " + ex.getMessage(), ex);
        }
      }
    }
    if (anyFaults) {
      try {
        b.faults(faults.build());
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            "simulated endpoint URI: parameter 'errorRate' is invalid: " + ex.getMessage(), ex);
      }
    }
    return b;
  }

  private static boolean apply(SimulatedEndpoint.Builder b, Faults.Builder faults, String name, String value) {
    switch (name) {
      case "id":
      case "ops":
        return false;
      case "model":
        b.model(value);
        return false;
      case "region":
        b.region(value);
        return false;
      case "zone":
        b.zone(value);
        return false;
      case "tier":
        b.tier(integer(value));
        return false;
      case "weight":
        b.weight(integer(value));
        return false;
      case "maxcontext":
        b.maxContextTokens(integer(value));
        return false;
      case "dims":
        b.embeddingDimensions(integer(value));
        return false;
      case "price": {
        String[] p = value.split(",", -1);
        if (p.length != 2) {
          throw new IllegalArgumentException("expected price=<inputPerMillion>,<outputPerMillion>");
        }
        b.pricePerMillion(LatencyModels.number(p[0], "input price"), LatencyModels.number(p[1], "output price"));
        return false;
      }
      case "seed":
        try {
          b.seed(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected a 64-bit integer");
        }
        return false;
      case "latency":
        b.latency(LatencyModel.parse(value));
        return false;
      case "answer":
        if (value.trim().equalsIgnoreCase("echo")) {
          b.echo();
        } else if (value.startsWith("template:")) {
          b.template(value.substring("template:".length()));
        } else {
          throw new IllegalArgumentException("expected answer=echo or answer=template:<text>");
        }
        return false;
      case "score":
        b.predictions(ScoreDistribution.parse(value));
        return false;
      case "shift": {
        int at = value.indexOf('@');
        if (at <= 0) {
          throw new IllegalArgumentException("expected shift=<afterCall>@<score model>");
        }
        b.shiftPredictionsAfter(longValue(value.substring(0, at)), ScoreDistribution.parse(value.substring(at + 1)));
        return false;
      }
      case "errorrate":
        for (String item : value.split(",", -1)) {
          int colon = item.lastIndexOf(':');
          if (colon <= 0) {
            throw new IllegalArgumentException("expected errorRate=<action>:<probability>[,...]");
          }
          faults.rate(LatencyModels.number(item.substring(colon + 1), "probability"),
              FaultAction.parse(item.substring(0, colon)));
        }
        return true;
      case "outage": {
        String[] range = rangeAndAction(value, "outage=<from>..<until>[/<action>]");
        faults.outage(Durations.parse(range[0], "outage start"), Durations.parse(range[1], "outage end"),
            action(range[2]));
        return true;
      }
      case "outagecalls": {
        String[] range = rangeAndAction(value, "outageCalls=<first>..<last>[/<action>]");
        faults.outageCalls(longValue(range[0]), longValue(range[1]), action(range[2]));
        return true;
      }
      default:
        throw new IllegalStateException("unreachable: " + name);
    }
  }

  private static List<Operation> operations(String text) {
    List<Operation> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      Operation op = null;
      for (Operation o : Operation.values()) {
        if (o.name().equalsIgnoreCase(part.trim())) {
          op = o;
        }
      }
      if (op == null) {
        throw new IllegalArgumentException("expected ops=<op>[,<op>...] with ops chat, completion, embedding, predict");
      }
      if (out.contains(op)) {
        throw new IllegalArgumentException("an operation is listed twice");
      }
      out.add(op);
    }
    return out;
  }

  /**
   * Formats an endpoint configuration as a URI that {@link #parse(String)} reads back to the same
   * configuration.
   *
   * @param info the info
   * @param latency the latency model
   * @param faults the fault plan
   * @param seed the seed
   * @param template the answer template, or null for echo
   * @param dimensions embedding dimensions
   * @param predictions score distributions by the call after which they apply (key 0: initial)
   * @return the URI
   */
  public static String format(EndpointInfo info, LatencyModel latency, Faults faults, long seed,
      @Nullable String template, int dimensions, Map<Long, ScoreDistribution> predictions) {
    StringBuilder sb = new StringBuilder(SCHEME).append(':').append(modeOf(info.operations()));
    List<String> q = new ArrayList<>();
    q.add("id=" + encode(info.id()));
    if (modeOf(info.operations()).isEmpty()) {
      List<String> ops = new ArrayList<>();
      for (Operation o : Operation.values()) {
        if (info.operations().contains(o)) {
          ops.add(o.name().toLowerCase(Locale.ROOT));
        }
      }
      q.add("ops=" + String.join(",", ops));
    }
    q.add("model=" + encode(info.model()));
    if (!info.region().isEmpty()) {
      q.add("region=" + encode(info.region()));
    }
    if (!info.zone().isEmpty()) {
      q.add("zone=" + encode(info.zone()));
    }
    q.add("tier=" + info.tier());
    q.add("weight=" + info.weight());
    if (info.inputPricePerMillion() != 0 || info.outputPricePerMillion() != 0) {
      q.add("price=" + info.inputPricePerMillion() + "," + info.outputPricePerMillion());
    }
    q.add("maxContext=" + info.maxContextTokens());
    q.add("latency=" + encode(latency.toString()));
    List<String> rates = new ArrayList<>();
    for (Faults.Rate r : faults.rates()) {
      rates.add(r.action() + ":" + r.probability());
    }
    if (!rates.isEmpty()) {
      q.add("errorRate=" + encode(String.join(",", rates)));
    }
    for (Faults.Window w : faults.windows()) {
      q.add("outage=" + encode(Durations.format(w.from()) + ".." + Durations.format(w.until()) + "/" + w.action()));
    }
    for (Faults.CallRange c : faults.callRanges()) {
      q.add("outageCalls=" + encode(c.first() + ".." + c.last() + "/" + c.action()));
    }
    q.add("seed=" + seed);
    q.add("answer=" + (template == null ? "echo" : encode("template:" + template)));
    q.add("dims=" + dimensions);
    for (Map.Entry<Long, ScoreDistribution> e : new TreeMap<>(predictions).entrySet()) {
      if (e.getKey() == 0L) {
        q.add("score=" + encode(e.getValue().toString()));
      } else {
        q.add("shift=" + e.getKey() + "@" + encode(e.getValue().toString()));
      }
    }
    return sb.append('?').append(String.join("&", q)).toString();
  }

  private static String modeOf(Set<Operation> ops) {
    if (ops.equals(EnumSet.of(Operation.CHAT, Operation.COMPLETION))) {
      return "chat";
    }
    if (ops.equals(EnumSet.allOf(Operation.class))) {
      return "all";
    }
    if (ops.size() == 1) {
      return ops.iterator().next() == Operation.CHAT ? "" : ops.iterator().next().name().toLowerCase(Locale.ROOT);
    }
    return "";
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static FaultAction action(String text) {
    return text.isEmpty() ? FaultAction.fail(dev.mainstay.core.ErrorKind.UNAVAILABLE) : FaultAction.parse(text);
  }

  private static String[] rangeAndAction(String value, String form) {
    int slash = value.indexOf('/');
    String range = slash < 0 ? value : value.substring(0, slash);
    String action = slash < 0 ? "" : value.substring(slash + 1);
    int dots = range.indexOf("..");
    if (dots <= 0 || dots + 2 >= range.length()) {
      throw new IllegalArgumentException("expected " + form);
    }
    return new String[] {range.substring(0, dots), range.substring(dots + 2), action};
  }

  private static int integer(String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer");
    }
  }

  private static long longValue(String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer");
    }
  }

  private static Map<String, List<String>> params(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    if (query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String rawName = decode(eq < 0 ? pair : pair.substring(0, eq)).trim();
      String name = rawName.toLowerCase(Locale.ROOT);
      if (!lowerKnown().contains(name)) {
        throw new IllegalArgumentException("simulated endpoint URI: unknown parameter '"
            + printable(rawName) + "'; known parameters: " + KNOWN);
      }
      if (eq < 0) {
        throw new IllegalArgumentException(
            "simulated endpoint URI: parameter '" + canonical(name) + "' needs a value");
      }
      if (!seen.add(name) && !REPEATABLE.contains(name)) {
        throw new IllegalArgumentException(
            "simulated endpoint URI: parameter '" + canonical(name) + "' is given more than once");
      }
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(decode(pair.substring(eq + 1)));
    }
    return out;
  }

  private static String printable(String name) {
    String s = name.length() > 40 ? name.substring(0, 40) + "…" : name;
    return s.replaceAll("[^\\p{Alnum}_.\\-…]", "?");
  }

  private static Set<String> lowerKnown() {
    Set<String> s = new HashSet<>();
    for (String k : KNOWN) {
      s.add(k.toLowerCase(Locale.ROOT));
    }
    return s;
  }

  private static String canonical(String lower) {
    for (String k : KNOWN) {
      if (k.equalsIgnoreCase(lower)) {
        return k;
      }
    }
    return lower;
  }

  private static @Nullable String single(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null ? null : v.get(0);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("simulated endpoint URI has a malformed %-escape");
    }
  }
}
