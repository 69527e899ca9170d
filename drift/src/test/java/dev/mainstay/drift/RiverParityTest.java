package dev.mainstay.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mainstay.drift.internal.HddmADetector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parity gate: with River-compatible defaults, the detectors fire on exactly the indices River
 * reports for the shared reference streams ({@code shared/data/drift/README.md}). Indices are
 * 0-based positions in the whole stream; like River, a detector that fired resets on the next
 * update, so ADWIN's clock counts again from that reset.
 */
final class RiverParityTest {

  static Path dataDir() {
    String override = System.getProperty("mainstay.drift.data");
    if (override != null) {
      return Paths.get(override);
    }
    for (Path p : List.of(Paths.get("../../shared/data/drift"), Paths.get("../shared/data/drift"),
        Paths.get("/work/shared/data/drift"))) {
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return Paths.get("../../shared/data/drift");
  }

  static double[] read(String file) throws IOException {
    Path path = dataDir().resolve(file);
    assumeTrue(Files.isReadable(path), "parity data " + path + " is absent; skipping River parity");
    List<String> lines = Files.readAllLines(path);
    assertThat(lines.get(0).trim()).isEqualTo("value");
    double[] values = new double[lines.size() - 1];
    for (int i = 1; i < lines.size(); i++) {
      values[i - 1] = Double.parseDouble(lines.get(i).trim());
    }
    return values;
  }

  static List<Integer> detections(DriftDetector detector, double[] stream) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < stream.length; i++) {
      detector.update(stream[i]);
      if (detector.driftDetected()) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void pageHinkley_riverDocstringStream_detectsAt1006() throws IOException {
    // Given River's Page-Hinkley docstring stream (random.Random(12345))
    double[] stream = read("ph-river-docstring.csv");
    // When River's defaults run over it
    List<Integer> found = detections(Detectors.pageHinkley(), stream);
    // Then it fires exactly where River does
    assertThat(found).containsExactly(1006);
    assertThat(stream[1006]).isEqualTo(5.0);
  }

  @Test
  void adwin_riverRegressionStream_detectsAt1023() throws IOException {
    // Given River's ADWIN regression stream (numpy seed 12345)
    double[] stream = read("adwin-river-regression.csv");
    // When River's defaults run over it
    List<Integer> found = detections(Detectors.adwin(), stream);
    // Then
    assertThat(found).containsExactly(1023);
  }

  @Test
  void adwin_riverMultiDriftStream_detectsAtRiverIndices() throws IOException {
    // Given River's four-segment stream (random.Random(42))
    double[] stream = read("adwin-river-multidrift.csv");
    // When River's defaults run over it, resetting after each detection as River does
    List<Integer> found = detections(Detectors.adwin(), stream);
    // Then
    assertThat(found).containsExactly(1023, 2015, 3007);
  }

  @Test
  void hddmA_riverDocstringStream_warnsAt451AndDetectsAt1206() throws IOException {
    // Given River's HDDM_A docstring stream, regenerated with CPython 3.11:
    // random.Random(42): choices([0,1], k=1000) + choices([0,1], k=1000, weights=[0.3, 0.7])
    double[] stream;
    try (InputStream in = RiverParityTest.class.getResourceAsStream("hddm-a-river-docstring.csv")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      stream = new double[lines.length - 1];
      for (int i = 1; i < lines.length; i++) {
        stream[i - 1] = Double.parseDouble(lines[i].trim());
      }
    }
    HddmADetector detector = new HddmADetector(HddmAConfig.defaults());
    int firstWarning = -1;
    List<Integer> drifts = new ArrayList<>();
    // When River's defaults run over it
    for (int i = 0; i < stream.length; i++) {
      detector.update(stream[i]);
      if (detector.warningDetected() && firstWarning < 0) {
        firstWarning = i;
      }
      if (detector.driftDetected()) {
        drifts.add(i);
      }
    }
    // Then warning and drift land where River's docstring prints them
    assertThat(firstWarning).isEqualTo(451);
    assertThat(drifts).containsExactly(1206);
  }
}
