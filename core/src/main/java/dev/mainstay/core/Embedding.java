package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * One embedding vector. Immutable: the array is copied in and copied out.
 */
public final class Embedding {
  private final float[] vector;

  private Embedding(float[] vector) {
    this.vector = vector;
  }

  /**
   * An embedding of the given components.
   *
   * @param vector at least one finite component; copied
   * @return the embedding
   */
  public static Embedding of(float... vector) {
    requireNonNull(vector, "vector");
    if (vector.length == 0) {
      throw new IllegalArgumentException("an embedding needs at least one dimension");
    }
    for (float f : vector) {
      if (!Float.isFinite(f)) {
        throw new IllegalArgumentException("embedding components must be finite");
      }
    }
    return new Embedding(vector.clone());
  }

  /**
   * The number of dimensions.
   *
   * @return the vector length
   */
  public int dimensions() {
    return vector.length;
  }

  /**
   * One component.
   *
   * @param index zero-based
   * @return the component
   */
  public float get(int index) {
    return vector[index];
  }

  /**
   * A copy of the vector.
   *
   * @return a new array
   */
  public float[] toArray() {
    return vector.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Embedding && Arrays.equals(vector, ((Embedding) o).vector);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "Embedding[dimensions=" + vector.length + "]";
  }
}
