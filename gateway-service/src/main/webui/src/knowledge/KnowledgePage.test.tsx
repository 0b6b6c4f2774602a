import { act, fireEvent, render, screen } from '@testing-library/react';
import { sessionAs, stubFetch } from '../test/fixtures';
import { KnowledgePage } from './KnowledgePage';

const KB = { id: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', name: 'Observatory', documentCount: 0 };

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.pushState(null, '', '/');
});

async function renderAt(path: string, role: string, routes: Record<string, unknown>) {
  stubFetch(routes);
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
