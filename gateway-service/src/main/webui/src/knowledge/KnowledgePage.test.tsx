import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { json, sessionAs, stubFetch, stubUnreachable } from '../test/fixtures';
import { KnowledgePage } from './KnowledgePage';

const KB = { id: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', name: 'Observatory', documentCount: 0 };

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.pushState(null, '', '/');
});

/** Renders the page at {@code path} for {@code role}, with fetch answering {@code routes} (stubbed already without). */
async function renderAt(path: string, role: string, routes?: Record<string, unknown>) {
  if (routes) stubFetch(routes);
  window.history.pushState(null, '', path);
  let r!: ReturnType<typeof render>;
  await act(async () => {
    r = render(<KnowledgePage path={path.split('?')[0]} session={sessionAs(role)} />);
  });
  return r;
}

describe('the knowledge page empty states', () => {
  it('offers an admin to create the first knowledge base', async () => {
    await renderAt('/knowledge', 'admin', { '/api/v1/knowledge-bases': { items: [], nextCursor: null } });
    expect(screen.getByRole('heading', { name: 'No knowledge bases yet' })).toBeTruthy();
    expect(screen.queryByText('Choose a knowledge base.')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Create a knowledge base' }));
    expect(screen.getByRole('dialog', { name: 'New knowledge base' })).toBeTruthy();
  });

  it('tells a member without the right to create whom to ask', async () => {
    await renderAt('/knowledge', 'member', { '/api/v1/knowledge-bases': { items: [], nextCursor: null } });
    expect(screen.getByRole('heading', { name: 'No knowledge bases yet' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create a knowledge base' })).toBeNull();
    expect(screen.getByText(/Ask an admin/)).toBeTruthy();
  });

  it('opens the create dialog when arriving from the chat with ?new=1', async () => {
    await renderAt('/knowledge?new=1', 'owner', { '/api/v1/knowledge-bases': { items: [], nextCursor: null } });
    expect(screen.getByRole('dialog', { name: 'New knowledge base' })).toBeTruthy();
    expect(window.location.search).toBe('');
  });

  it('still asks to choose one when knowledge bases exist', async () => {
    await renderAt('/knowledge', 'admin', { '/api/v1/knowledge-bases': { items: [KB], nextCursor: null } });
    expect(screen.getByText('Choose a knowledge base.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create a knowledge base' })).toBeNull();
  });

  it('offers the upload in a knowledge base without documents', async () => {
    const r = await renderAt(`/knowledge/${KB.id}`, 'member', {
      [`/api/v1/knowledge-bases/${KB.id}/documents`]: { items: [], nextCursor: null },
      '/api/v1/knowledge-bases?': { items: [KB], nextCursor: null },
    });
    expect(screen.getByRole('heading', { name: 'No documents yet' })).toBeTruthy();
    expect(r.container.querySelector('table.docs')).toBeNull();
    const input = r.container.querySelector('input[type=file]') as HTMLInputElement;
    const picked = vi.fn();
    input.addEventListener('click', picked);
    fireEvent.click(screen.getByRole('button', { name: 'Upload documents' }));
    expect(picked).toHaveBeenCalled();
    r.unmount();
  });
});

const GUIDE = { id: 'd1', filename: 'guide.pdf', status: 'INDEXED', tags: [] };
const POLICY = { id: 'd2', filename: 'policy.md', status: 'INDEXED', tags: [] };

/**
 * A server with two indexed documents: a bulk delete removes them from the documents and from the knowledge base's
 * count, while its headings (served by another service) still list them for a moment. Records what was posted.
 */
function documentsServer() {
  let docs = [GUIDE, POLICY];
  const bulk: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const kbPath = `/api/v1/knowledge-bases/${KB.id}`;
      if (url.startsWith('/api/v1/knowledge-bases?')) return json({ items: [{ ...KB, documentCount: docs.length }], nextCursor: null });
      if (url.startsWith(`${kbPath}/documents/bulk`)) {
        const body = JSON.parse(String(init?.body));
        bulk.push(body);
        docs = docs.filter((d) => !body.documentIds.includes(d.id));
        return json({ jobId: 'job-1' });
      }
      if (url.startsWith(`${kbPath}/documents?`)) return json({ items: docs, nextCursor: null });
      if (url.startsWith(`${kbPath}/sections`)) {
        const items = [
          { documentId: GUIDE.id, filename: GUIDE.filename, section: 'Opening hours' },
          { documentId: POLICY.id, filename: POLICY.filename, section: 'Travel policy' },
        ];
        return json({ items, nextCursor: null });
      }
      if (url.startsWith('/api/v1/jobs/')) return json({ id: 'job-1', action: 'delete', status: 'DONE', total: 1, done: 1, failed: 0 });
      return json({}, 404);
    }),
  );
  return bulk;
}

async function openKnowledgeBase() {
  window.history.pushState(null, '', `/knowledge/${KB.id}`);
  await act(async () => {
    render(<KnowledgePage path={`/knowledge/${KB.id}`} session={sessionAs('admin')} />);
  });
  await screen.findByRole('checkbox', { name: 'Select guide.pdf' });
}

const toolbarDelete = () =>
  within(screen.getByRole('toolbar', { name: 'Selected documents' })).getByRole('button', { name: 'Delete' });

describe('deleting documents', () => {
  it('asks before deleting the selected documents, and deletes nothing on Cancel', async () => {
    const bulk = documentsServer();
    await openKnowledgeBase();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select guide.pdf' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select policy.md' }));
    fireEvent.click(toolbarDelete());
    const dialog = screen.getByRole('dialog', { name: 'Delete documents' });
    expect(dialog.textContent).toContain('Delete 2 documents? Their passages leave search and answers at once.');
    expect(within(dialog).getByRole('button', { name: 'Delete' }).className).toBe('danger');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bulk).toEqual([]);
    // still selected: the toolbar stays for another try
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select policy.md' }));
    fireEvent.click(toolbarDelete());
    expect(screen.getByRole('dialog', { name: 'Delete documents' }).textContent).toContain(
      'Delete “guide.pdf”? Its passages leave search and answers at once.',
    );
  });

  it('updates the document count and the suggested questions once the delete is done', async () => {
    const bulk = documentsServer();
    await openKnowledgeBase();
    const list = screen.getByRole('complementary', { name: 'Knowledge bases' });
    expect(list.textContent).toContain('2 docs');
    await screen.findByRole('link', { name: 'What does the guide say about opening hours?' });
    expect(document.title).toBe('Observatory · Knowledge · Quire');
    expect(screen.getByRole('link', { name: 'What does the policy say about travel policy?' })).toBeTruthy();

    fireEvent.click(screen.getByRole('checkbox', { name: 'Select guide.pdf' }));
    fireEvent.click(toolbarDelete());
    const dialog = screen.getByRole('dialog', { name: 'Delete documents' });
    await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' })));
    expect(bulk).toEqual([expect.objectContaining({ action: 'delete', documentIds: [GUIDE.id] })]);

    await waitFor(() => expect(screen.queryByRole('checkbox', { name: 'Select guide.pdf' })).toBeNull());
    await waitFor(() => expect(list.textContent).toContain('1 doc'));
    expect(list.textContent).not.toContain('2 docs');
    await waitFor(() => expect(screen.queryByRole('link', { name: /guide\.pdf/ })).toBeNull());
    expect(screen.getByRole('link', { name: 'What does the policy say about travel policy?' })).toBeTruthy();
  });
});

describe('a link to a document (a citation)', () => {
  const routes = (extra: Record<string, unknown> = {}) => ({
    [`/api/v1/knowledge-bases/${KB.id}/documents`]: { items: [GUIDE], nextCursor: null },
    '/api/v1/knowledge-bases?': { items: [{ ...KB, documentCount: 1 }], nextCursor: null },
    ...extra,
  });

  it('opens a document the table lists', async () => {
    await renderAt(`/knowledge/${KB.id}?doc=${GUIDE.id}`, 'member', routes());
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'guide.pdf' })).toBeTruthy());
  });

  it('forgets the link once its dialog is closed, so a reload does not open it again', async () => {
    await renderAt(`/knowledge/${KB.id}?doc=${GUIDE.id}&page=2&passage=Hotels`, 'member', routes());
    const dialog = await waitFor(() => screen.getByRole('dialog', { name: 'guide.pdf' }));
    expect(window.location.search).toContain('doc=');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(window.location.pathname).toBe(`/knowledge/${KB.id}`);
    expect(window.location.search).toBe('');
  });

  it('asks for a document beyond the first page of the table and opens it', async () => {
    const older = { id: 'd9', filename: 'older.md', status: 'INDEXED', tags: [], knowledgeBaseId: KB.id };
    await renderAt(`/knowledge/${KB.id}?doc=${older.id}`, 'member', routes({ [`/api/v1/documents/${older.id}`]: older }));
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'older.md' })).toBeTruthy());
    expect(screen.queryByText(/no longer in this knowledge base/)).toBeNull();
  });

  it('says the document is gone when it was deleted since the link was made', async () => {
    await renderAt(`/knowledge/${KB.id}?doc=deleted-one`, 'member', routes());
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('no longer in this knowledge base'));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('the knowledge page when the list cannot be read', () => {
  /**
   * The page says Quire could not be reached and shows no {@code absent}; once the server is back, Try again shows
   * {@code shown} and the alert goes.
   */
  async function recoversOnTryAgain(server: { down: boolean }, absent: string, shown: string) {
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Quire could not be reached'));
    expect(screen.queryByText(absent)).toBeNull();
    server.down = false;
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Try again' })));
    await waitFor(() => expect(screen.getByText(shown)).toBeTruthy());
    expect(screen.queryByRole('alert')).toBeNull();
  }

  it('says Quire could not be reached and loads again on Try again, instead of Loading… for ever', async () => {
    const server = stubUnreachable(() => json({ items: [KB], nextCursor: null }));
    await renderAt('/knowledge', 'member');
    await recoversOnTryAgain(server, 'Loading…', 'Observatory');
  });

  it("offers Try again when a knowledge base's documents cannot be read, and lists them then", async () => {
    const documents = `/api/v1/knowledge-bases/${KB.id}/documents`;
    const server = stubUnreachable(
      (url) => {
        if (url.startsWith('/api/v1/knowledge-bases?') || url === '/api/v1/knowledge-bases') return json({ items: [KB], nextCursor: null });
        if (url.startsWith(documents)) {
          return json({ items: [{ id: 'd1', filename: 'star-chart.pdf', status: 'INDEXED', tags: [], knowledgeBaseId: KB.id }], nextCursor: null });
        }
        return json({}, 404);
      },
      (url) => url.startsWith(documents),
    );
    await renderAt(`/knowledge/${KB.id}`, 'member');
    await recoversOnTryAgain(server, 'star-chart.pdf', 'star-chart.pdf');
  });
});
