import { render, screen, fireEvent } from '@testing-library/react';
import type { Frame } from './frames';
import { hasGap, interrupt, reduce, startMessage } from './reducer';
import { Live } from './LiveMessage';

const run = (frames: Frame[]) => frames.reduce(reduce, startMessage('c-1', 'What is Quire?'));

const stream: Frame[] = [
  { type: 'conversation', id: 'c-1', seq: 0, conversationId: 'conv-1', messageId: 'm-1' },
  { type: 'step', id: 'c-1', seq: 1, name: 'searching', progress: 0.5 },
  { type: 'tool_call', id: 'c-1', seq: 2, name: 'search_knowledge_base', arguments: { query: 'quire' } },
  { type: 'token', id: 'c-1', seq: 3, delta: 'Quire is ' },
  { type: 'token', id: 'c-1', seq: 4, delta: 'a RAG platform [1].' },
  { type: 'citations', id: 'c-1', seq: 5, items: [{ n: 1, documentId: 'd-1', filename: 'guide.pdf', snippet: 'Quire answers' }] },
  { type: 'done', id: 'c-1', seq: 6, messageId: 'm-1', usage: { promptTokens: 10, completionTokens: 5 }, finishReason: 'stop' },
];

describe('a streaming answer', () => {
  it('names its tool calls in words, keeping an unknown tool by its name', () => {
    const m = run([
      ...stream.slice(0, 3),
      { type: 'tool_call', id: 'c-1', seq: 3, name: 'look_elsewhere', arguments: { query: 'x' } },
    ]);
    render(<Live m={m} onCite={() => undefined} onRetry={() => undefined} />);
    const calls = screen.getByRole('list', { name: 'Tool calls' }).querySelectorAll('li');
    expect(calls[0].textContent).toBe('Searched the documents for “quire”');
    expect(calls[0].getAttribute('title')).toBe('search_knowledge_base');
    expect(calls[1].textContent).toBe('look_elsewhere “x”');
  });
});

describe('chat stream reducer', () => {
  it('assembles tokens, steps, tool calls, citations and usage into one message', () => {
    const m = run(stream);
    expect(m.conversationId).toBe('conv-1');
    expect(m.content).toBe('Quire is a RAG platform [1].');
    expect(m.toolCalls).toEqual([{ name: 'search_knowledge_base', arguments: { query: 'quire' } }]);
    expect(m.stepsSeen).toEqual(['searching']);
    expect(m.citations.map((c) => c.n)).toEqual([1]);
    expect(m.status).toBe('done');
    expect(m.usage).toEqual({ promptTokens: 10, completionTokens: 5 });
    expect(hasGap(m)).toBe(false);
  });

  it('moves overall progress forward across the five steps', () => {
    const a = run([{ type: 'step', seq: 0, name: 'analyzing', progress: 1 }]);
    const b = reduce(a, { type: 'step', seq: 1, name: 'generating', progress: 0.5 });
    expect(a.progress).toBeCloseTo(0.2);
    expect(b.progress).toBeCloseTo(0.7);
    expect(b.step).toBe('generating');
  });

  it('records the missing seqs when the stream skips frames', () => {
    const m = run([stream[0], stream[1], stream[4], stream[6]]);
    expect(hasGap(m)).toBe(true);
    expect(m.missing).toEqual([2, 3, 5]);
    expect(m.content).toBe('a RAG platform [1].');
    expect(m.status).toBe('done');
  });

  it('ignores repeated frames so a token is never rendered twice', () => {
    const m = run([stream[0], stream[3], stream[3], stream[4]]);
    expect(m.content).toBe('Quire is a RAG platform [1].');
    expect(m.missing).toEqual([1, 2]);
  });

  it('applies nothing after the final frame', () => {
    const m = run([...stream, { type: 'token', id: 'c-1', seq: 7, delta: 'late' }]);
    expect(m.content).not.toContain('late');
  });

  it('keeps the retry-after of a rate-limit error', () => {
    const m = run([{ type: 'error', id: 'c-1', seq: 0, code: 'rate_limited', message: 'slow down', retryAfterSeconds: 12 }]);
    expect(m.status).toBe('error');
    expect(m.error).toEqual({ code: 'rate_limited', message: 'slow down', retryAfterSeconds: 12 });
  });

  it('marks a stream cut off by a dropped connection as interrupted, but not a finished one', () => {
    expect(interrupt(run(stream.slice(0, 3))).status).toBe('interrupted');
    expect(interrupt(run(stream)).status).toBe('done');
  });
});

describe('streamed answer rendering', () => {
  it('shows the current step and the text streamed so far', () => {
    render(<Live m={run(stream.slice(0, 4))} onCite={() => {}} onRetry={() => {}} />);
    expect(screen.getByText('Searching').getAttribute('aria-current')).toBe('step');
    expect(screen.getByText(/Quire is/)).toBeTruthy();
    expect(screen.getByTitle('search_knowledge_base').textContent).toBe('Searched the documents for “quire”');
  });

  it('renders the finished answer with a numbered citation that opens its passage', () => {
    const onCite = vi.fn();
    render(<Live m={run(stream)} onCite={onCite} onRetry={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: /Citation 1: guide.pdf/ }));
    expect(onCite).toHaveBeenCalledWith(expect.objectContaining({ n: 1, documentId: 'd-1' }));
    expect(screen.getByText(/10 prompt \+ 5 completion tokens/)).toBeTruthy();
    expect(screen.queryByRole('status', { name: 'Progress' })).toBeNull();
  });

  it('shows the wait of a rate-limited answer and disables retry until it passes', () => {
    const m = run([{ type: 'error', seq: 0, code: 'rate_limited', message: 'slow down', retryAfterSeconds: 12 }]);
    render(<Live m={m} onCite={() => {}} onRetry={() => {}} />);
    expect(screen.getByRole('alert').textContent).toContain('Retry possible in 12 s');
    expect((screen.getByRole('button', { name: 'Retry' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
