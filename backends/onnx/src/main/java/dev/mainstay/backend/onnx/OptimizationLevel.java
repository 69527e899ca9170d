package dev.mainstay.backend.onnx;

/** ONNX Runtime graph optimisation levels. */
public enum OptimizationLevel {
  /** No graph optimisation. */
  NONE,
  /** Constant folding and redundant-node elimination. */
  BASIC,
  /** Basic plus node fusions. */
  EXTENDED,
  /** Everything, including layout optimisations (the runtime's default). */
  ALL
}
