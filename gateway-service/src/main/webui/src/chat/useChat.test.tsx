import { act, fireEvent, render, screen } from '@testing-library/react';
import { sessionAs, stubFetch } from '../test/fixtures';
import { usePath } from '../ui/router';
import { ChatPage } from './ChatPage';
import { CONVERSATION_GONE } from './useChat';

// the real chat state (ChatPage.test.tsx mocks it); no socket is opened: the session module holds no token here
const GONE = '99999999-9999-9999-9999-999999999999';
const KEPT = '11111111-1111-1111-1111-111111111111';

function Routed() {
  return <ChatPage path={usePath()} session={sessionAs('member')} />;
}

async function openAt(path: string) {
  stubFetch({
    '/api/v1/knowledge-bases': { items: [], nextCursor: null },
    '/api/v1/conversations?limit=200': { items: [{ id: KEPT, title: 'Aurora hours' }], nextCursor: null },
    [`/api/v1/conversations/${KEPT}`]: { id: KEPT, title: 'Aurora hours', knowledgeBaseIds: [], messages: [] },
    // anything else, the deleted conversation too, is a 404
  });
  window.history.pushState(null, '', path);
  await act(async () => {
    render(<Routed />);
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.pushState(null, '', '/');
});

describe('a conversation that no longer exists', () => {
  it('says it was deleted and starts a new chat in its place, which Back does not return to', async () => {
    const entries = window.history.length;
    await openAt(`/chat/${GONE}`);
    expect(screen.getByRole('alert').textContent).toBe(CONVERSATION_GONE);
    expect(window.location.pathname).toBe('/chat');
    expect(window.history.length).toBe(entries + 1); // the address was replaced, not pushed after it
    expect(screen.getByRole('heading', { level: 1, name: 'New chat' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
  });

  it('drops the note once another conversation opens', async () => {
    await openAt(`/chat/${GONE}`);
    expect(screen.getByRole('alert')).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('link', { name: 'Aurora hours' })));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Aurora hours' })).toBeTruthy();
  });

  it('drops the note when Back leads to an earlier new chat, whose address is the same', async () => {
    window.history.pushState(null, '', '/chat');
    await openAt(`/chat/${GONE}`);
    expect(screen.getByRole('alert')).toBeTruthy();
    await act(async () => {
      window.history.back();
      await new Promise((r) => window.addEventListener('popstate', r, { once: true }));
    });
    expect(window.location.pathname).toBe('/chat');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('drops the note when a new chat is started', async () => {
    await openAt(`/chat/${GONE}`);
    expect(screen.getByRole('alert')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'New chat' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
