/**
 * The OpenAI-compatible backend: chat completions and embeddings over {@code java.net.http},
 * against api.openai.com, Azure-style gateways and the local GPU servers that speak the same
 * protocol (vLLM, Ollama's {@code /v1}, llama.cpp's server, Hugging Face TGI, LM Studio).
 *
 * <p>Open an endpoint from a URI ({@code Endpoints.open("openai:https://api.openai.com/v1?model=gpt-4o-mini&apiKeyEnv=OPENAI_API_KEY")})
 * or from an {@link dev.mainstay.backend.openai.OpenAiConfig} with {@link
 * dev.mainstay.backend.openai.OpenAi#open(OpenAiConfig)}. Types in {@code
 * dev.mainstay.backend.openai.internal} are implementation details.
 */
package dev.mainstay.backend.openai;
