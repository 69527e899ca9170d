package dev.mainstay.security;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Attributes;
import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Role;
import dev.mainstay.core.Stage;
import dev.mainstay.core.event.InputFlaggedEvent;
import dev.mainstay.core.event.InputRedactedEvent;
import dev.mainstay.core.event.InputRejectedEvent;
import dev.mainstay.security.internal.ScanEngine;
import dev.mainstay.security.internal.TextView;
import dev.mainstay.security.internal.Vault;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Stage#INPUT_GUARD} stage: scans the request's texts (by default user and tool
 * messages, and embedding inputs) with its scanners, cheapest first, and blocks, redacts or flags
 * what they find. Everything inside the stage (cache, models, logs) sees the sanitised request.
 *
 * <p>A blocked call ends with an {@link InputRejectedException} and an {@link InputRejectedEvent};
 * redactions publish an {@link InputRedactedEvent}, flags an {@link InputFlaggedEvent}. None of
 * them contains text. With a {@linkplain Builder#vault(boolean) vault}, redacted PII is replaced
 * by numbered placeholders ({@code [EMAIL_1]}) that are put back into the answer for the caller.
 *
 * <pre>{@code
 * ModelClient chat = Mainstay.client("chat")
 *     .endpoint(endpoint)
 *     .with(InputGuard.standard())
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe; one guard may serve many clients.
 */
public final class InputGuard implements CallDecorator {
  /** Response attribute set to the number of flagged input findings, when there were any. */
  public static final String FLAGGED_ATTRIBUTE = "mainstay.input.flagged";

  private final ScanEngine engine;
  private final Set<Role> roles;
  private final Forward forward;
  private final boolean vault;
  private final String name;

  private InputGuard(Builder b) {
    List<ScanEngine.Binding> bindings = new ArrayList<>(b.bindings);
    this.engine = new ScanEngine(bindings, b.maxDecodeDepth, b.maxDecodedChars);
    this.roles = EnumSet.copyOf(b.roles);
    this.forward = b.forward == null ? Forward.ORIGINAL : b.forward;
    this.vault = b.vault != null && b.vault;
    this.name = b.name == null ? "InputGuard" : b.name;
  }

  /**
   * The default guard, cheapest scanner first: size (BLOCK), Unicode hygiene (REDACT: invisible
   * characters are removed, decoded tag payloads rescanned), confusables (FLAG), encoded payloads
   * (FLAG, decoded text rescanned), injection heuristics (BLOCK at score 0.3), secrets (REDACT),
   * PII (REDACT). Scans user and tool messages and embedding inputs; forwards the original text.
   *
   * @return the guard
   */
  public static InputGuard standard() {
    return standardBuilder().build();
  }

  /**
   * A builder preloaded with the {@link #standard()} scanners, to add ban lists or custom
   * scanners, or to change roles and forwarding.
   *
   * @return the builder
   */
  public static Builder standardBuilder() {
    return builder()
        .scanner(Scanners.size(), Action.BLOCK)
        .scanner(Scanners.unicode(), Action.REDACT)
        .scanner(Scanners.confusables(), Action.FLAG)
        .scanner(Scanners.encoded(), Action.FLAG)
        .scanner(Scanners.injection(), Action.BLOCK, 0.3)
        .scanner(Scanners.secrets(), Action.REDACT)
        .scanner(Scanners.pii(), Action.REDACT);
  }

  /**
   * An empty builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Stage stage() {
    return Stage.INPUT_GUARD;
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Scans one text on its own (no request), for tools, tests and evaluations.
   *
   * @param text the text
   * @return the decision, with the sanitised text
   */
  public ScanResult scan(String text) {
    requireNonNull(text, "text");
    List<@Nullable String> texts = new ArrayList<>(1);
    texts.add(text);
    ScanEngine.Outcome o = engine.scan(texts, null, Map.of(), null);
    return result(o, List.of(text));
  }

  /**
   * Scans a request's texts as the stage would.
   *
   * @param request the request
   * @return the decision; {@link ScanResult#texts()} has one entry per {@code request.texts()}
   */
  public ScanResult scan(ModelRequest request) {
    requireNonNull(request, "request");
    List<@Nullable String> texts = selected(request);
    ScanEngine.Outcome o = engine.scan(texts, request, Map.of(), null);
    return result(o, allTexts(request));
  }

  private List<@Nullable String> selected(ModelRequest request) {
    List<@Nullable String> texts = new ArrayList<>();
    if (!request.messages().isEmpty()) {
      for (Message m : request.messages()) {
        texts.add(roles.contains(m.role()) ? m.text() : null);
      }
    } else {
      texts.addAll(request.inputs());
    }
    return texts;
  }

  private static List<String> allTexts(ModelRequest request) {
    return request.texts();
  }

  private ScanResult result(ScanEngine.Outcome o, List<String> originals) {
    List<String> out = new ArrayList<>(originals.size());
    for (int i = 0; i < originals.size(); i++) {
      String r = o.blocked ? null : o.redacted[i];
      String t = r == null ? originals.get(i) : r;
      if (!o.blocked && forward == Forward.NORMALIZED && !TextView.isPlainAscii(t)) {
        // printable ASCII is NFKC-stable: only other text is normalised
        t = Normalizer.normalize(t, Normalizer.Form.NFKC);
      }
      out.add(t);
    }
    return new ScanResult(o.blocked, o.blocked ? o.with(Action.BLOCK) : List.of(),
        o.with(Action.REDACT), o.with(Action.FLAG), out);
  }

  @Override
  public ModelClient decorate(ModelClient next, ClientContext context) {
    requireNonNull(next, "next");
    requireNonNull(context, "context");
    return new ModelClient() {
      @Override
      public ModelResponse call(ModelRequest request) {
        return guarded(next, context, request);
      }

      @Override
      public String toString() {
        return name + "(" + next + ")";
      }
    };
  }

  private ModelResponse guarded(ModelClient next, ClientContext context, ModelRequest request) {
    Vault v = vault ? new Vault(Set.of("pii")) : null;
    List<@Nullable String> texts = selected(request);
    ScanEngine.Outcome o = engine.scan(texts, request, Map.of(), v == null ? null : v::placeholder);
    ScanResult r = result(o, allTexts(request));
    String requestId = request.requestId() == null ? "" : request.requestId();
    if (r.blocked()) {
      if (context.publishing()) {
        context.publish(new InputRejectedEvent(context.clientName(), requestId,
            context.timeSource().now(), Guards.scanners(r.blocking()), Guards.counts(r.blocking())));
      }
      throw new InputRejectedException(r.blocking());
    }
    if (!r.redacted().isEmpty() && context.publishing()) {
      context.publish(new InputRedactedEvent(context.clientName(), requestId,
          context.timeSource().now(), Guards.scanners(r.redacted()), Guards.counts(r.redacted())));
    }
    if (!r.flagged().isEmpty() && context.publishing()) {
      context.publish(new InputFlaggedEvent(context.clientName(), requestId,
          context.timeSource().now(), Guards.scanners(r.flagged()), Guards.counts(r.flagged())));
    }
    ModelRequest forwarded = request;
    if (!r.texts().equals(allTexts(request))) {
      if (!request.messages().isEmpty()) {
        List<Message> msgs = new ArrayList<>(request.messages().size());
        for (int i = 0; i < request.messages().size(); i++) {
          msgs.add(request.messages().get(i).withText(r.texts().get(i)));
        }
        forwarded = request.messages(msgs);
      } else {
        forwarded = request.inputs(r.texts());
      }
    }
    if (!r.flagged().isEmpty()) {
      // tell the stages inside (the cache) that this request was flagged
      forwarded = forwarded.attribute(Attributes.GUARD_FLAGGED,
          String.join(",", Guards.counts(r.flagged()).keySet()));
    }
    ModelResponse response = next.call(forwarded);
    if (v != null && !v.isEmpty() && !response.text().isEmpty()) {
      response = response.text(v.restore(response.text()));
    }
    if (!r.flagged().isEmpty()) {
      response = response.attribute(FLAGGED_ATTRIBUTE, Integer.toString(r.flagged().size()));
    }
    return response;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append('[');
    List<ScanEngine.Binding> bs = engine.bindings();
    for (int i = 0; i < bs.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(bs.get(i).scanner().name()).append('=').append(bs.get(i).action());
    }
    return sb.append(']').toString();
  }

  /** Builds an {@link InputGuard}. Not thread-safe; scalar settings may be set once. */
  public static final class Builder {
    private final List<ScanEngine.Binding> bindings = new ArrayList<>();
    private Set<Role> roles = EnumSet.of(Role.USER, Role.TOOL);
    private boolean rolesSet;
    private @Nullable Forward forward;
    private @Nullable Boolean vault;
    private @Nullable String name;
    private int maxDecodeDepth = 3;
    private boolean depthSet;
    private int maxDecodedChars = 65_536;
    private boolean decodedSet;

    private Builder() {}

    /**
     * Adds a scanner whose every finding triggers the action.
     *
     * @param scanner the scanner
     * @param action what its findings cause
     * @return this builder
     */
    public Builder scanner(Scanner scanner, Action action) {
      return scanner(scanner, action, 0.0);
    }

    /**
     * Adds a scanner whose findings trigger the action from a score on; lower scores are ignored.
     *
     * @param scanner the scanner
     * @param action what its findings cause
     * @param threshold the least score, in [0, 1]
     * @return this builder
     */
    public Builder scanner(Scanner scanner, Action action, double threshold) {
      requireNonNull(scanner, "scanner");
      requireNonNull(action, "action");
      for (ScanEngine.Binding b : bindings) {
        if (b.scanner().name().equals(scanner.name())) {
          throw new IllegalArgumentException("a scanner named '" + scanner.name() + "' was already added");
        }
      }
      bindings.add(new ScanEngine.Binding(scanner, action, threshold));
      return this;
    }

    /**
     * Which message roles are scanned (embedding inputs always are). Default: USER and TOOL.
     *
     * @param first a role
     * @param more more roles
     * @return this builder
     */
    public Builder roles(Role first, Role... more) {
      if (rolesSet) {
        throw new IllegalStateException("roles were already set");
      }
      rolesSet = true;
      roles = EnumSet.of(requireNonNull(first, "first"), more);
      return this;
    }

    /**
     * Which text to pass on. Default {@link Forward#ORIGINAL}.
     *
     * @param value the choice
     * @return this builder
     */
    public Builder forward(Forward value) {
      if (forward != null) {
        throw new IllegalStateException("forward was already set to " + forward);
      }
      forward = requireNonNull(value, "forward");
      return this;
    }

    /**
     * Whether redacted PII goes into a per-call vault with numbered placeholders and is restored
     * in the answer. Default false.
     *
     * @param value true to enable
     * @return this builder
     */
    public Builder vault(boolean value) {
      if (vault != null) {
        throw new IllegalStateException("vault was already set to " + vault);
      }
      vault = value;
      return this;
    }

    /**
     * How many layers of encoding to decode and rescan. Default 3.
     *
     * @param value in [0, 8]
     * @return this builder
     */
    public Builder maxDecodeDepth(int value) {
      if (depthSet) {
        throw new IllegalStateException("maxDecodeDepth was already set to " + maxDecodeDepth);
      }
      if (value < 0 || value > 8) {
        throw new IllegalArgumentException("maxDecodeDepth must be in [0, 8], was " + value);
      }
      depthSet = true;
      maxDecodeDepth = value;
      return this;
    }

    /**
     * The most decoded chars rescanned per text. Default 65,536.
     *
     * @param value positive
     * @return this builder
     */
    public Builder maxDecodedChars(int value) {
      if (decodedSet) {
        throw new IllegalStateException("maxDecodedChars was already set to " + maxDecodedChars);
      }
      if (value <= 0) {
        throw new IllegalArgumentException("maxDecodedChars must be positive, was " + value);
      }
      decodedSet = true;
      maxDecodedChars = value;
      return this;
    }

    /**
     * The name shown in the client's chain. Default "InputGuard".
     *
     * @param value the name
     * @return this builder
     */
    public Builder name(String value) {
      if (name != null) {
        throw new IllegalStateException("name was already set to " + name);
      }
      name = requireNonNull(value, "name");
      return this;
    }

    /**
     * Builds the guard.
     *
     * @return the guard
     * @throws IllegalStateException without scanners
     */
    public InputGuard build() {
      if (bindings.isEmpty()) {
        throw new IllegalStateException("an input guard needs at least one scanner");
      }
      return new InputGuard(this);
    }
  }
}
