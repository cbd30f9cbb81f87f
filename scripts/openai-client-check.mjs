// Talks to a running `bin/serveplan serve-model` with the official OpenAI client (npm "openai"):
// a completion with a token-id prompt, a chat completion, and a streamed chat; exits non-zero on
// any mismatch. Usage: node openai-client-check.mjs http://127.0.0.1:8001/v1 stories-15m
import OpenAI from "openai";
import assert from "node:assert/strict";
import { VERSION as version } from "openai/version";

const [baseURL, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: "unused" });

const completion = await client.completions.create({ model, prompt: [1, 15043, 3186], max_tokens: 6 });
assert.equal(completion.object, "text_completion");
assert.equal(completion.usage.prompt_tokens, 3);
assert.equal(completion.usage.completion_tokens, 6);
assert.equal(completion.choices[0].finish_reason, "length");

const chat = await client.chat.completions.create({
  model, messages: [{ role: "user", content: "Hello" }], max_tokens: 4 });
assert.equal(chat.object, "chat.completion");
assert.equal(chat.choices[0].message.role, "assistant");
assert.equal(chat.usage.completion_tokens, 4);

const stream = await client.chat.completions.create({
  model, messages: [{ role: "user", content: "Hi" }], max_tokens: 5, stream: true,
  stream_options: { include_usage: true } });
let chunks = 0;
let usage = null;
for await (const chunk of stream) {
  if (chunk.choices.length > 0) chunks++;
  if (chunk.usage) usage = chunk.usage;
}
assert.equal(chunks, 5);
assert.equal(usage.completion_tokens, 5);

let refused = null;
try {
  await client.completions.create({ model: "no-such-model", prompt: "x", max_tokens: 1 });
} catch (e) {
  refused = e;
}
assert.ok(refused instanceof OpenAI.NotFoundError, "an unknown model is the client's NotFoundError (404)");

console.log(`openai client ${version}: completions, chat and streaming chat against ${baseURL} OK`);
