import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { Thread } from '../api/model';
import { MessageList } from './MessageList';
import { reduce, startMessage, type StreamMessage } from './reducer';
import { lastExchange } from './useChat';

const THREAD: Thread = {
  id: 'c1',
  title: 'Hotel cap',
  messages: [
    { id: 'm1', role: 'user', content: 'First question' },
    { id: 'm2', role: 'assistant', content: 'First answer [1].', citations: [{ n: 1, documentId: 'd', filename: 'a.pdf' }] },
    { id: 'm3', role: 'user', content: 'Second question' },
    { id: 'm4', role: 'assistant', content: 'Second answer.' },
  ],
};

function list(props: Partial<Parameters<typeof MessageList>[0]> & { thread: Thread | null; streams?: StreamMessage[] }) {
  const streams = props.streams ?? [];
  const onRegenerate = vi.fn();
  const onEdit = vi.fn();
  const utils = render(
    <MessageList
      streaming={streams.some((m) => m.status === 'streaming')}
      onCite={vi.fn()}
      onRetry={vi.fn()}
      last={lastExchange(props.thread, streams)}
      onRegenerate={onRegenerate}
      onEdit={onEdit}
      {...props}
      streams={streams}
    />,
  );
  return { ...utils, onRegenerate, onEdit };
}

afterEach(() => vi.unstubAllGlobals());

describe('the message list', () => {
  it('offers Regenerate on the last answer and Edit on the last question only', () => {
    const { onRegenerate } = list({ thread: THREAD });
    const regenerate = screen.getAllByRole('button', { name: 'Regenerate answer' });
    expect(regenerate).toHaveLength(1);
    expect(regenerate[0].closest('article')!.textContent).toContain('Second answer.');
    expect(screen.getAllByRole('button', { name: 'Copy answer' })).toHaveLength(2);
    const edit = screen.getAllByRole('button', { name: 'Edit question' });
    expect(edit).toHaveLength(1);
    expect(edit[0].parentElement!.textContent).toContain('Second question');
    fireEvent.click(regenerate[0]);
    expect(onRegenerate).toHaveBeenCalledTimes(1);
  });

  it('edits the last question inline: Enter resends the new text, Escape gives focus back to Edit', () => {
    let editing = true;
    const onEditing = vi.fn((on: boolean) => (editing = on));
    const { onEdit, rerender } = list({ thread: THREAD, editing, onEditing });
    const box = screen.getByRole('textbox', { name: 'Edit your question' }) as HTMLTextAreaElement;
    expect(box.value).toBe('Second question');
    expect(document.activeElement).toBe(box);
    fireEvent.change(box, { target: { value: 'Second question, for Berlin' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onEdit).toHaveBeenCalledWith('Second question, for Berlin');
    expect(onEditing).toHaveBeenLastCalledWith(false);

    vi.useFakeTimers();
    rerender(
      <MessageList thread={THREAD} streams={[]} streaming={false} onCite={vi.fn()} onRetry={vi.fn()} last={lastExchange(THREAD, [])} onEdit={onEdit} editing onEditing={onEditing} />,
    );
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Edit your question' }), { key: 'Escape' });
    rerender(
      <MessageList thread={THREAD} streams={[]} streaming={false} onCite={vi.fn()} onRetry={vi.fn()} last={lastExchange(THREAD, [])} onEdit={onEdit} editing={false} onEditing={onEditing} />,
    );
    act(() => vi.runAllTimers());
    vi.useRealTimers();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit question' }));
  });

  it('offers neither while an answer streams, then both on the streamed exchange', () => {
    const streaming = reduce(startMessage('s1', 'Third question'), { type: 'conversation', conversationId: 'c1', messageId: 'm6', seq: 0 });
    const { rerender } = list({ thread: THREAD, streams: [streaming] });
    expect(screen.queryByRole('button', { name: 'Regenerate answer' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit question' })).toBeNull();
    const done = reduce(reduce(streaming, { type: 'token', delta: 'Third answer.', seq: 1 }), { type: 'done', messageId: 'm6', seq: 2 });
    rerender(
      <MessageList thread={THREAD} streams={[done]} streaming={false} onCite={vi.fn()} onRetry={vi.fn()} last={lastExchange(THREAD, [done])} onRegenerate={vi.fn()} onEdit={vi.fn()} />,
    );
    expect(screen.getByRole('button', { name: 'Regenerate answer' }).closest('article')!.textContent).toContain('Third answer.');
    expect(screen.getByRole('button', { name: 'Edit question' }).parentElement!.textContent).toContain('Third question');
  });

  it('announces the streaming answer in a polite status, not token by token in the list', () => {
    const m = reduce(startMessage('s1', 'Q'), { type: 'token', delta: 'Partial', seq: 0 });
    const { rerender } = list({ thread: null, streams: [m] });
    const status = screen.getByTestId('answer-status');
    expect(status.getAttribute('role')).toBe('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('Writing the answer…');
    const region = screen.getByRole('region', { name: 'Messages' });
    expect(region.getAttribute('aria-live')).toBeNull();
    expect(region.getAttribute('aria-busy')).toBe('true');
    expect(region.tabIndex).toBe(0);
    const done = reduce(m, { type: 'done', messageId: 'a1', seq: 1 });
    rerender(<MessageList thread={null} streams={[done]} streaming={false} onCite={vi.fn()} onRetry={vi.fn()} />);
    expect(status.textContent).toBe('Answer: Partial');
  });

  it('copies an answer with its numbered sources', async () => {
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    list({ thread: THREAD });
    const first = screen.getAllByRole('article')[0];
    await act(async () => fireEvent.click(within(first).getByRole('button', { name: 'Copy answer' })));
    expect(writeText).toHaveBeenCalledWith('First answer [1].\n\n**Sources**\n\n1. a.pdf');
    expect(within(first).getByRole('status').textContent).toBe('Copied');
  });

  it('says so when the clipboard is not available', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
    list({ thread: THREAD });
    const first = screen.getAllByRole('article')[0];
    await act(async () => fireEvent.click(within(first).getByRole('button', { name: 'Copy answer' })));
    expect(within(first).getByRole('status').textContent).toBe('Copying is not available here');
  });
});

describe('the last exchange', () => {
  it('replaces the stored answer, or the question when the answer was never stored', () => {
    expect(lastExchange(THREAD, [])).toMatchObject({ questionKey: 'm3', answerKey: 'm4', replaces: 'm4', storedFrom: 2 });
    const unanswered = { ...THREAD, messages: THREAD.messages.slice(0, 3) };
    expect(lastExchange(unanswered, [])).toMatchObject({ questionKey: 'm3', replaces: 'm3', storedFrom: 2 });
    expect(lastExchange({ ...THREAD, messages: [] }, [])).toBeNull();
  });

  it('is none after a failed stream (Retry handles it)', () => {
    const failed = reduce(startMessage('s', 'Q'), { type: 'error', code: 'upstream_unavailable', seq: 0 });
    expect(lastExchange(THREAD, [failed])).toBeNull();
  });
});
