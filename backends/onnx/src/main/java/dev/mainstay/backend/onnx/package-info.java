/**
 * The in-process ONNX Runtime backend: PREDICT (feature map or tensor in, named outputs out) and
 * EMBEDDING (token ids from a {@link dev.mainstay.backend.onnx.TextTokenizer}, pooled) on CPU or
 * a CUDA GPU. Open with {@code Endpoints.open("onnx:models/fraud.onnx?device=cpu&input=features&output=probabilities&labels=legit,fraud")}
 * or {@link dev.mainstay.backend.onnx.Onnx#open(OnnxConfig)}.
 *
 * <p>The CPU runtime ({@code com.microsoft.onnxruntime:onnxruntime}) is the default dependency;
 * for CUDA, replace it with {@code onnxruntime_gpu} (see the docs). Types in {@code
 * dev.mainstay.backend.onnx.internal} are implementation details.
 */
package dev.mainstay.backend.onnx;
