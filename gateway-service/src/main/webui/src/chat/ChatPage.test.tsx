import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { json, sessionAs, stubFetch, stubUnreachable } from '../test/fixtures';
import { ChatPage, KNOWLEDGE_BASES_UNREAD } from './ChatPage';
import { Composer, STOP_GRACE_MS } from './Composer';
import type { Thread } from '../api/model';

// the chat state without a socket: the page's wiring is under test here, the stream reducer has its own tests
const ask = vi.fn();
const newChat = vi.fn();
const pin = vi.fn();
const remove = vi.fn();
const setQuery = vi.fn();
// what the mocked chat state shows; tests may change it before rendering
const chatState: { thread: Thread | null; results: unknown[] | null; query: string } = { thread: null, results: null, query: '' };
vi.mock('./useChat', () => ({
  useChat: () => ({
    conversations: [
      { id: '11111111-1111-1111-1111-111111111111', title: 'Aurora hours' },
      { id: '22222222-2222-2222-2222-222222222222', title: 'Safety', pinned: true },
    ],
    thread: chatState.thread,
    streams: [],
    last: null,
    regenerate: vi.fn(),
    editLast: vi.fn(),
    query: chatState.query,
    setQuery,
    results: chatState.results,
    pin,
    streaming: false,
    status: 'open',
    selectedKbs: [],
    ask,
    retry: vi.fn(),
    stop: vi.fn(),
    newChat,
    setKbSelection: vi.fn(),
    renamed: vi.fn(),
    remove,
  }),
}));

const KB = { id: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', name: 'Observatory', documentCount: 1 };

async function renderChat(kbs: unknown[] = [KB], role = 'admin') {
  stubFetch({ '/api/v1/knowledge-bases': { items: kbs, nextCursor: null } });
  await act(async () => {
    render(<ChatPage path="/chat" session={sessionAs(role)} />);
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  ask.mockReset();
  pin.mockReset();
  remove.mockReset();
  chatState.thread = null;
  chatState.results = null;
  chatState.query = '';
  window.history.pushState(null, '', '/');
});

describe('the composer', () => {
  it('stays enabled, clears and keeps focus after a send, also while the answer streams', () => {
    const onSend = vi.fn();
    const { rerender } = render(<Composer streaming={false} onSend={onSend} onStop={vi.fn()} />);
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: '  When does it open?  ' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('When does it open?');
    expect(box.value).toBe('');
    expect(box.disabled).toBe(false);
    expect(document.activeElement).toBe(box);
    rerender(<Composer streaming onSend={onSend} onStop={vi.fn()} />);
    expect(box.disabled).toBe(false);
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
  });

  it('edits the last question on Arrow Up in the empty box, and stops a streaming answer on Escape', () => {
    const onEditLast = vi.fn();
    const onStop = vi.fn();
    const { rerender } = render(<Composer streaming={false} onSend={vi.fn()} onStop={onStop} onEditLast={onEditLast} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(box, { target: { value: 'draft' } });
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(onEditLast).not.toHaveBeenCalled();
    fireEvent.change(box, { target: { value: '' } });
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(onEditLast).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(onStop).not.toHaveBeenCalled();
    rerender(<Composer streaming onSend={vi.fn()} onStop={onStop} onEditLast={onEditLast} />);
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(onStop).toHaveBeenCalledTimes(1);
  });

  it('ignores Stop just after Send turned into it (a double-click on Send), and stops on a click after that', () => {
    const onStop = vi.fn();
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const { rerender } = render(<Composer streaming={false} onSend={vi.fn()} onStop={onStop} />);
    rerender(<Composer streaming onSend={vi.fn()} onStop={onStop} />);
    const stop = screen.getByRole('button', { name: 'Stop' });
    fireEvent.click(stop, { detail: 2 });
    fireEvent.click(stop, { detail: 1 });
    expect(onStop).not.toHaveBeenCalled();
    now.mockReturnValue(1_000_000 + STOP_GRACE_MS);
    fireEvent.click(stop, { detail: 2 }); // still the second click of a double-click
    expect(onStop).not.toHaveBeenCalled();
    fireEvent.click(stop, { detail: 1 });
    expect(onStop).toHaveBeenCalledTimes(1);
    now.mockRestore();
  });

  it('does not send on Shift+Enter or an empty box', () => {
    const onSend = vi.fn();
    render(<Composer streaming={false} onSend={onSend} onStop={vi.fn()} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.keyDown(box, { key: 'Enter' });
    fireEvent.change(box, { target: { value: 'two\nlines' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('starts from a suggested question without sending it until asked', () => {
    const onSend = vi.fn();
    render(<Composer streaming={false} onSend={onSend} onStop={vi.fn()} initial="What are the opening hours?" />);
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    expect(box.value).toBe('What are the opening hours?');
    expect(onSend).not.toHaveBeenCalled();
    // the box has the focus, the caret after the question: Enter asks it, typing goes on from its end
    expect(document.activeElement).toBe(box);
    expect(box.selectionStart).toBe('What are the opening hours?'.length);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('What are the opening hours?');
  });
});

describe('the chat page', () => {
  it('closes the Sources picker when a question is sent', async () => {
    await renderChat();
    const picker = document.querySelector('details.kb-select') as HTMLDetailsElement;
    picker.open = true;
    expect(screen.getByRole('checkbox', { name: 'Observatory' })).toBeTruthy();
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'When does the observatory open?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(ask).toHaveBeenCalledWith('When does the observatory open?');
    expect(picker.open).toBe(false);
    expect(box.value).toBe('');
    expect(box.disabled).toBe(false);
  });

  it('closes the Sources picker on Escape and on a click elsewhere', async () => {
    await renderChat();
    const picker = document.querySelector('details.kb-select') as HTMLDetailsElement;
    picker.open = true;
    fireEvent.keyDown(screen.getByRole('checkbox', { name: 'Observatory' }), { key: 'Escape' });
    expect(picker.open).toBe(false);
    picker.open = true;
    fireEvent.mouseDown(screen.getByRole('textbox', { name: 'Message' }));
    expect(picker.open).toBe(false);
  });

  it('opens the conversation drawer from the header and closes it on Escape, moving focus in and back', async () => {
    await renderChat();
    const toggle = screen.getByRole('button', { name: 'Conversations' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('dialog')).toBeNull();
    toggle.focus();
    fireEvent.click(toggle);
    const drawer = screen.getByRole('dialog', { name: 'Conversations' });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(drawer.contains(document.activeElement)).toBe(true);
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(toggle);
  });

  it('closes the drawer on a backdrop click, its close button and when a conversation is chosen', async () => {
    await renderChat();
    const toggle = screen.getByRole('button', { name: 'Conversations' });
    fireEvent.click(toggle);
    fireEvent.click(screen.getByTestId('drawer-backdrop'));
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(toggle);
    fireEvent.click(screen.getByRole('button', { name: 'Close conversations' }));
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(toggle);
    fireEvent.click(screen.getByRole('link', { name: 'Safety' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(window.location.pathname).toBe('/chat/22222222-2222-2222-2222-222222222222');

    fireEvent.click(toggle);
    fireEvent.click(screen.getByRole('button', { name: 'New chat' }));
    expect(newChat).toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('keeps Tab inside the open drawer', async () => {
    await renderChat();
    fireEvent.click(screen.getByRole('button', { name: 'Conversations' }));
    const drawer = screen.getByRole('dialog', { name: 'Conversations' });
    const last = screen.getByRole('button', { name: 'Actions for Safety' });
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement).toBe(drawer.querySelector('button'));
  });
});

describe('the chat page in a new workspace', () => {
  it('says there are no knowledge bases and links an admin to create one', async () => {
    await renderChat([]);
    expect(screen.getByRole('heading', { name: 'No knowledge bases yet' })).toBeTruthy();
    const cta = screen.getByRole('link', { name: 'Create a knowledge base' });
    expect(cta.getAttribute('href')).toBe('/knowledge?new=1');
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
  });

  it('tells a member to ask an admin', async () => {
    await renderChat([], 'member');
    expect(screen.getByRole('heading', { name: 'No knowledge bases yet' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Create a knowledge base' })).toBeNull();
  });

  it('says when the knowledge bases cannot be read and lists them after Try again', async () => {
    const server = stubUnreachable(() => json({ items: [KB], nextCursor: null }));
    await act(async () => {
      render(<ChatPage path="/chat" session={sessionAs('member')} />);
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain(KNOWLEDGE_BASES_UNREAD));
    // no empty state is claimed while the list is unknown
    expect(screen.queryByRole('heading', { name: 'No knowledge bases yet' })).toBeNull();
    server.down = false;
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Try again' })));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    (document.querySelector('details.kb-select') as HTMLDetailsElement).open = true;
    expect(screen.getByRole('checkbox', { name: 'Observatory' })).toBeTruthy();
  });

  it('keeps the usual prompt once knowledge bases exist', async () => {
    await renderChat([KB]);
    expect(screen.queryByRole('heading', { name: 'No knowledge bases yet' })).toBeNull();
    expect(screen.getByText('Ask a question about your knowledge bases.')).toBeTruthy();
  });
});

const read = (b: Blob) =>
  new Promise<string>((resolve) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.readAsText(b);
  });

describe('the conversation tools', () => {
  it('exports the open conversation as Markdown with its numbered sources', async () => {
    chatState.thread = {
      id: '11111111-1111-1111-1111-111111111111',
      title: 'Aurora hours',
      messages: [
        { id: 'm1', role: 'user', content: 'When does it open?' },
        { id: 'm2', role: 'assistant', content: 'At 9 [1].', citations: [{ n: 1, documentId: 'd', filename: 'hours.pdf', page: 3 }] },
      ],
    };
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:x';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    await renderChat();
    fireEvent.click(screen.getByText('Export'));
    fireEvent.click(screen.getByRole('button', { name: 'Markdown (.md)' }));
    expect(clicked[0].download).toBe('aurora-hours.md');
    const text = await read(blobs[0]);
    expect(text).toContain('## Answer\n\nAt 9 [1].\n\n**Sources**\n\n1. hours.pdf, p. 3');
    fireEvent.click(screen.getByRole('button', { name: 'JSON (.json)' }));
    expect(clicked[1].download).toBe('aurora-hours.json');
    expect(JSON.parse(await read(blobs[1])).messages[1].citations[0].filename).toBe('hours.pdf');
    click.mockRestore();
  });

  it('names the browser tab after the open conversation, and after the chat without one', async () => {
    await renderChat();
    expect(document.title).toBe('Chat · Quire');
    cleanup();
    chatState.thread = { id: '11111111-1111-1111-1111-111111111111', title: 'Aurora hours', messages: [] };
    await renderChat();
    expect(document.title).toBe('Aurora hours · Quire');
  });

  it('offers no export before a conversation has messages', async () => {
    await renderChat();
    expect(screen.queryByText('Export')).toBeNull();
  });

  it('pins and unpins from the list, showing which are pinned', async () => {
    await renderChat();
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Safety' }));
    // Safety is pinned: its menu offers Unpin, not Pin
    expect(screen.queryByRole('menuitem', { name: 'Pin' })).toBeNull();
    fireEvent.click(screen.getByRole('menuitem', { name: 'Unpin' }));
    expect(pin).toHaveBeenCalledWith(expect.objectContaining({ title: 'Safety' }), false);
    expect(screen.getByRole('link', { name: 'Safety' }).closest('li')!.classList.contains('pinned')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Aurora hours' }));
    expect(screen.queryByRole('menuitem', { name: 'Unpin' })).toBeNull();
    fireEvent.click(screen.getByRole('menuitem', { name: 'Pin' }));
    expect(pin).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'Aurora hours' }), true);
  });

  it('renames from the row menu and gives focus back to its button when the dialog closes', async () => {
    await renderChat();
    const more = screen.getByRole('button', { name: 'Actions for Aurora hours' });
    more.focus();
    fireEvent.click(more);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Rename' }));
    const dialog = screen.getByRole('dialog', { name: 'Rename conversation' });
    expect((screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement).value).toBe('Aurora hours');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(more);
  });

  it('asks before deleting from the row menu, and deletes only when confirmed', async () => {
    await renderChat();
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Safety' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete conversation' });
    expect(dialog.textContent).toContain('Delete “Safety” and all its messages? This cannot be undone.');
    expect(remove).not.toHaveBeenCalled();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Delete' })));
    expect(remove).toHaveBeenCalledWith(expect.objectContaining({ title: 'Safety' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('searches conversation content and shows the matching snippet', async () => {
    chatState.query = 'dome';
    chatState.results = [{ id: '22222222-2222-2222-2222-222222222222', title: 'Safety', match: '…close the dome when it rains…' }];
    await renderChat();
    const search = screen.getByRole('searchbox', { name: 'Search conversations' });
    fireEvent.change(search, { target: { value: 'domes' } });
    expect(setQuery).toHaveBeenCalledWith('domes');
    const link = screen.getByRole('link', { name: /Safety/ });
    expect(link.textContent).toContain('close the dome when it rains');
    expect(screen.queryByRole('link', { name: /Aurora hours/ })).toBeNull();
    expect(screen.getByText('1 matching conversation')).toBeTruthy();
  });

  it('offers no pin to a role that cannot chat', async () => {
    await renderChat([KB], 'viewer');
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Safety' }));
    expect(screen.getAllByRole('menuitem').map((i) => i.textContent)).toEqual(['Rename', 'Delete']);
    expect(screen.queryByRole('menuitem', { name: /pin/i })).toBeNull();
  });
});
