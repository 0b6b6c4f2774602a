// The official OpenAI SDK, unchanged, against Quire: baseURL = the gateway's /v1, apiKey = a Quire API key.
// Env: QUIRE_API_KEY (required), QUIRE_BASE_URL (default http://127.0.0.1:8080/v1), QUIRE_QUESTION, QUIRE_EXPECT
// (a word the answer must contain). Exits 0 when non-stream and stream both answer with citations, 1 otherwise.
import OpenAI from 'openai';

const apiKey = process.env.QUIRE_API_KEY;
const baseURL = process.env.QUIRE_BASE_URL ?? 'http://127.0.0.1:8080/v1';
const question = process.env.QUIRE_QUESTION ?? 'How must employees book trips under 500 km?';
const expect = (process.env.QUIRE_EXPECT ?? '').toLowerCase();

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function checkCitations(where, quire) {
  const citations = quire?.citations;
  if (!Array.isArray(citations) || citations.length === 0) {
    fail(`${where}: no quire.citations in ${JSON.stringify(quire)}`);
  }
  for (const c of citations) {
    if (!Number.isInteger(c.n) || !c.documentId || !c.snippet) {
      fail(`${where}: malformed citation ${JSON.stringify(c)}`);
    }
  }
  return citations.length;
}

if (!apiKey) {
  fail('QUIRE_API_KEY is not set');
}
const client = new OpenAI({ apiKey, baseURL, maxRetries: 2, timeout: 60_000 });

const models = await client.models.list();
const ids = models.data.map((m) => m.id);
if (!ids.includes('quire')) {
  fail(`models.list() lacks "quire": ${ids}`);
}
const kbModel = ids.find((id) => id.startsWith('quire:kb:'));
console.log(`models: ${ids.join(', ')}`);

// non-stream
const completion = await client.chat.completions.create({
  model: 'quire',
  messages: [{ role: 'user', content: question }],
  max_tokens: 400,
});
const answer = completion.choices?.[0]?.message?.content ?? '';
if (completion.object !== 'chat.completion' || !answer) {
  fail(`non-stream: unexpected completion ${JSON.stringify(completion)}`);
}
if (expect && !answer.toLowerCase().includes(expect)) {
  fail(`non-stream: answer lacks "${expect}": ${answer}`);
}
const n = checkCitations('non-stream', completion.quire);
console.log(`non-stream ok: ${answer.length} chars, ${n} citations, usage ${JSON.stringify(completion.usage)}`);

// stream
const stream = await client.chat.completions.create({
  model: kbModel ?? 'quire',
  messages: [
    { role: 'user', content: 'Hello' },
    { role: 'assistant', content: 'Hello! Ask me about your documents.' },
    { role: 'user', content: question },
  ],
  stream: true,
});
let text = '';
let chunks = 0;
let finish = null;
let quire = null;
for await (const chunk of stream) {
  chunks++;
  if (chunk.object !== 'chat.completion.chunk') {
    fail(`stream: unexpected chunk ${JSON.stringify(chunk)}`);
  }
  const choice = chunk.choices?.[0];
  text += choice?.delta?.content ?? '';
  if (choice?.finish_reason) {
    finish = choice.finish_reason;
  }
  if (chunk.quire) {
    quire = chunk.quire;
  }
}
if (!text || chunks < 3 || !finish) {
  fail(`stream: text "${text}", ${chunks} chunks, finish_reason ${finish}`);
}
if (expect && !text.toLowerCase().includes(expect)) {
  fail(`stream: answer lacks "${expect}": ${text}`);
}
const m = checkCitations('stream', quire);
console.log(`stream ok: ${chunks} chunks, ${text.length} chars, finish ${finish}, ${m} citations`);

// errors arrive as the SDK's own exceptions
try {
  await client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] });
  fail('an unknown model was accepted');
} catch (e) {
  if (!(e instanceof OpenAI.NotFoundError)) {
    fail(`unknown model: expected NotFoundError, got ${e}`);
  }
}
console.log('OK');
