/** Implementation details of {@code mainstay-backend-onnx}; not API. */
package dev.mainstay.backend.onnx.internal;
