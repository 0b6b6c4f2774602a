import { act, render, screen } from '@testing-library/react';
import { stubFetch } from '../test/fixtures';
import { CitationDialog, DOCUMENT_GONE, readable } from './CitationDialog';
import type { Citation } from './frames';

const CITE: Citation = {
  n: 2,
  documentId: 'd-1',
  chunkId: 'k-1',
  filename: 'hours.pdf',
  page: 3,
  snippet: 'Open 9 to 17.',
};
const DOC = { id: 'd-1', knowledgeBaseId: 'kb-1', filename: 'hours.pdf', status: 'INDEXED', sizeBytes: 10 };

async function open(document?: unknown) {
  stubFetch(document ? { '/api/v1/documents/d-1': document } : {}); // no route: 404
  await act(async () => {
    render(<CitationDialog c={CITE} onClose={vi.fn()} />);
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('the citation dialog', () => {
  it('links to the cited page of a document that still exists', async () => {
    await open(DOC);
    const link = screen.getByRole('link', { name: 'Open the document at page 3' });
    expect(link.getAttribute('href')).toContain('/knowledge/kb-1?doc=d-1');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says the document was deleted since the answer, and still quotes the passage', async () => {
    await open();
    expect(screen.getByRole('alert').textContent).toBe(DOCUMENT_GONE);
    expect(screen.getByRole('dialog').querySelector('blockquote')!.textContent).toBe('Open 9 to 17.');
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('says so too for a document that is being deleted', async () => {
    await open({ ...DOC, status: 'DELETING' });
    expect(screen.getByRole('alert').textContent).toBe(DOCUMENT_GONE);
    expect(screen.queryByRole('link')).toBeNull();
  });
});

describe('a cited passage', () => {
  it('reads without the source\'s Markdown markers, its bold shown bold', () => {
    const { container } = render(<blockquote>{readable('## 2. Hotels The nightly cap is **$250 USD** in most cities.')}</blockquote>);
    expect(container.textContent).toBe('2. Hotels The nightly cap is $250 USD in most cities.');
    expect(container.querySelector('strong')!.textContent).toBe('$250 USD');
  });
});
