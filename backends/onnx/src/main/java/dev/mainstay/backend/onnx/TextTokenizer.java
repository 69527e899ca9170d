package dev.mainstay.backend.onnx;

/**
 * Turns text into the token ids an embedding model takes (for example a Hugging Face tokenizer
 * from DJL: {@code text -> tokenizer.encode(text).getIds()}). Implementations are thread-safe.
 */
@FunctionalInterface
public interface TextTokenizer {

  /**
   * Tokenises one text, including any special tokens the model expects.
   *
   * @param text the text
   * @return at least one token id
   */
  long[] tokenIds(String text);
}
