import { act, fireEvent, render, screen } from '@testing-library/react';
import { sessionAs, stubFetch } from '../test/fixtures';
import { ChatPage } from './ChatPage';
import { Composer } from './Composer';

// the chat state without a socket: the page's wiring is under test here, the stream reducer has its own tests
const ask = vi.fn();
const newChat = vi.fn();
vi.mock('./useChat', () => ({
  useChat: () => ({
    conversations: [
      { id: '11111111-1111-1111-1111-111111111111', title: 'Aurora hours' },
      { id: '22222222-2222-2222-2222-222222222222', title: 'Safety' },
    ],
    thread: null,
    streams: [],
    streaming: false,
    status: 'open',
    selectedKbs: [],
    ask,
    retry: vi.fn(),
    stop: vi.fn(),
    newChat,
    setKbSelection: vi.fn(),
    renamed: vi.fn(),
    remove: vi.fn(),
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

  it('does not send on Shift+Enter or an empty box', () => {
    const onSend = vi.fn();
    render(<Composer streaming={false} onSend={onSend} onStop={vi.fn()} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.keyDown(box, { key: 'Enter' });
    fireEvent.change(box, { target: { value: 'two\nlines' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
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
    const last = screen.getByRole('button', { name: 'Delete Safety' });
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

  it('keeps the usual prompt once knowledge bases exist', async () => {
    await renderChat([KB]);
    expect(screen.queryByRole('heading', { name: 'No knowledge bases yet' })).toBeNull();
    expect(screen.getByText('Ask a question about your knowledge bases.')).toBeTruthy();
  });
});
