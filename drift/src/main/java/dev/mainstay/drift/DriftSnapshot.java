package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reference windows, saved and loaded: a pinned baseline for a {@link DriftMonitor}. Each entry
 * holds the reference observations of one signal on one endpoint ({@code "*"} for any endpoint
 * and the client-wide population). Immutable.
 *
 * <h2>File format (version 1)</h2>
 *
 * <p>UTF-8 text, one entry per line; blank lines and lines starting with {@code #} are ignored.
 * The first other line is exactly {@code mainstay-drift-snapshot 1}. Each entry line has four
 * tab-separated fields: signal name, endpoint id (or {@code *}), kind ({@code numeric}, {@code
 * categorical} or {@code vector}) and the values:
 *
 * <ul>
 *   <li>numeric: decimal numbers separated by single spaces ({@code 0.12 0.5 3e-2});
 *   <li>categorical: labels, each URL-encoded (UTF-8), separated by single spaces;
 *   <li>vector: vectors separated by {@code ;}, components by {@code ,}.
 * </ul>
 *
 * <pre>
 * mainstay-drift-snapshot 1
 * score	*	numeric	0.12 0.08 0.31 0.22
 * predicted_class	fraud-eu	categorical	legit legit fraud legit
 * embedding	*	vector	0.1,0.2,0.3;0.0,0.25,0.31
 * </pre>
 */
public final class DriftSnapshot {
  /** The first line of a snapshot file. */
  public static final String HEADER = "mainstay-drift-snapshot 1";
  /** The endpoint id that matches every endpoint and the client-wide population. */
  public static final String ANY_ENDPOINT = "*";

  /**
   * One reference window.
   *
   * @param signal the signal's name
   * @param endpointId the endpoint, or {@link #ANY_ENDPOINT}
   * @param kind the kind of values
   * @param numbers numeric values (empty for other kinds)
   * @param labels category labels (empty for other kinds)
   * @param vectors vectors (empty for other kinds)
   */
  public record Entry(
      String signal,
      String endpointId,
      Signal.Kind kind,
      List<Double> numbers,
      List<String> labels,
      List<float[]> vectors) {

    /** Validates the components and copies the lists. */
    public Entry {
      requireNonNull(signal, "signal");
      requireNonNull(endpointId, "endpointId");
      requireNonNull(kind, "kind");
      numbers = List.copyOf(numbers);
      labels = List.copyOf(labels);
      List<float[]> copies = new ArrayList<>();
      for (float[] v : vectors) {
        copies.add(v.clone());
      }
      vectors = Collections.unmodifiableList(copies);
      int size = kind == Signal.Kind.NUMERIC ? numbers.size()
          : kind == Signal.Kind.CATEGORICAL ? labels.size() : vectors.size();
      if (size < 2) {
        throw new IllegalArgumentException("a reference for '" + signal + "' needs at least 2 values");
      }
      if (signal.contains("\t") || endpointId.contains("\t") || endpointId.isEmpty()) {
        throw new IllegalArgumentException("signal and endpoint must be non-empty and tab-free");
      }
    }
  }

  private final Map<String, Entry> entries;

  private DriftSnapshot(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /**
   * A builder for a snapshot.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * All entries, in insertion order.
   *
   * @return the entries
   */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  /**
   * The reference for a signal on an endpoint: the endpoint's own entry, else the {@code "*"}
   * entry.
   *
   * @param signal the signal name
   * @param endpointId the endpoint id, or {@code ""} for the client-wide population
   * @return the entry, if any
   */
  public Optional<Entry> find(String signal, String endpointId) {
    Entry own = endpointId.isEmpty() ? null : entries.get(key(signal, endpointId));
    return Optional.ofNullable(own != null ? own : entries.get(key(signal, ANY_ENDPOINT)));
  }

  private static String key(String signal, String endpoint) {
    return signal + '\t' + endpoint;
  }

  /**
   * Reads a snapshot file.
   *
   * @param path the file
   * @return the snapshot
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a valid version-1 snapshot (the message names
   *     the line)
   */
  public static DriftSnapshot read(Path path) {
    requireNonNull(path, "path");
    Builder b = builder();
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      boolean header = false;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (!header) {
          if (!line.trim().equals(HEADER)) {
            throw new IllegalArgumentException("line " + number + ": expected '" + HEADER + "'");
          }
          header = true;
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 4) {
          throw new IllegalArgumentException("line " + number + ": expected 4 tab-separated fields");
        }
        try {
          switch (f[2]) {
            case "numeric":
              b.numeric(f[0], f[1], parseNumbers(f[3]));
              break;
            case "categorical":
              List<String> labels = new ArrayList<>();
              for (String s : f[3].split(" ")) {
                labels.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
              }
              b.categorical(f[0], f[1], labels);
              break;
            case "vector":
              List<float[]> vectors = new ArrayList<>();
              for (String v : f[3].split(";")) {
                double[] d = parseNumbers(v.replace(',', ' '));
                float[] fl = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                  fl[i] = (float) d[i];
                }
                vectors.add(fl);
              }
              b.vectors(f[0], f[1], vectors);
              break;
            default:
              throw new IllegalArgumentException("unknown kind '" + f[2] + "'");
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
        }
      }
      if (!header) {
        throw new IllegalArgumentException("not a drift snapshot: missing '" + HEADER + "'");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read drift snapshot " + path, e);
    }
    return b.build();
  }

  private static double[] parseNumbers(String s) {
    String[] parts = s.trim().split(" ");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Double.parseDouble(parts[i]);
      if (!Double.isFinite(out[i])) {
        throw new IllegalArgumentException("values must be finite");
      }
    }
    return out;
  }

  /**
   * Writes this snapshot in the version-1 format.
   *
   * @param path the file, created or replaced
   * @throws UncheckedIOException when it cannot be written
   */
  public void write(Path path) {
    requireNonNull(path, "path");
    try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      out.write("# reference windows written by mainstay-drift\n");
      out.write(HEADER);
      out.write('\n');
      for (Entry e : entries.values()) {
        out.write(e.signal() + '\t' + e.endpointId() + '\t');
        StringBuilder sb = new StringBuilder();
        switch (e.kind()) {
          case NUMERIC:
            sb.append("numeric\t");
            for (int i = 0; i < e.numbers().size(); i++) {
              sb.append(i == 0 ? "" : " ").append(e.numbers().get(i));
            }
            break;
          case CATEGORICAL:
            sb.append("categorical\t");
            for (int i = 0; i < e.labels().size(); i++) {
              sb.append(i == 0 ? "" : " ")
                  .append(URLEncoder.encode(e.labels().get(i), StandardCharsets.UTF_8));
            }
            break;
          default:
            sb.append("vector\t");
            for (int i = 0; i < e.vectors().size(); i++) {
              float[] v = e.vectors().get(i);
              sb.append(i == 0 ? "" : ";");
              for (int j = 0; j < v.length; j++) {
                sb.append(j == 0 ? "" : ",").append(v[j]);
              }
            }
            break;
        }
        out.write(sb.append('\n').toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write drift snapshot " + path, e);
    }
  }

  @Override
  public String toString() {
    return "DriftSnapshot[entries=" + entries.size() + "]";
  }

  /** Builds a {@link DriftSnapshot}. A later entry for the same signal and endpoint replaces an earlier one. */
  public static final class Builder {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a numeric reference.
     *
     * @param signal the signal name
     * @param endpointId the endpoint, or {@code "*"}
     * @param values at least two finite values
     * @return this builder
     */
    public Builder numeric(String signal, String endpointId, double... values) {
      List<Double> list = new ArrayList<>();
      for (double v : requireNonNull(values, "values")) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("values must be finite");
        }
        list.add(v);
      }
      return put(new Entry(signal, endpointId, Signal.Kind.NUMERIC, list, List.of(), List.of()));
    }

    /**
     * Adds a categorical reference.
     *
     * @param signal the signal name
     * @param endpointId the endpoint, or {@code "*"}
     * @param labels at least two labels
     * @return this builder
     */
    public Builder categorical(String signal, String endpointId, List<String> labels) {
      return put(new Entry(signal, endpointId, Signal.Kind.CATEGORICAL, List.of(), labels, List.of()));
    }

    /**
     * Adds a vector reference.
     *
     * @param signal the signal name
     * @param endpointId the endpoint, or {@code "*"}
     * @param vectors at least two vectors of one dimension
     * @return this builder
     */
    public Builder vectors(String signal, String endpointId, List<float[]> vectors) {
      return put(new Entry(signal, endpointId, Signal.Kind.VECTOR, List.of(), List.of(), vectors));
    }

    private Builder put(Entry e) {
      entries.put(key(e.signal(), e.endpointId()), e);
      return this;
    }

    /**
     * Builds the snapshot.
     *
     * @return the snapshot
     */
    public DriftSnapshot build() {
      return new DriftSnapshot(entries);
    }
  }
}
