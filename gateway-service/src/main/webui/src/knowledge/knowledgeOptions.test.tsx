import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { sentJson, stubFetch } from '../test/fixtures';
import { CreateKbDialog } from './CreateKbDialog';
import { DocumentDrawer } from './DocumentDrawer';
import { droppedFiles, pickedFiles } from './droppedFiles';
import { UploadPanel } from './UploadPanel';
import { UploadQueue, type UploadItem } from './uploadQueue';

afterEach(() => vi.unstubAllGlobals());


describe('the create-knowledge-base dialog', () => {
  it('sends the chosen language and chunking', async () => {
    const fetch = stubFetch({ '/api/v1/knowledge-bases': { id: 'k', name: 'Docs' } });
    const created = vi.fn();
    render(<CreateKbDialog onClose={() => undefined} onCreated={created} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Docs' } });
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'german' } });
    fireEvent.change(screen.getByLabelText('Chunk size (tokens)'), { target: { value: '64' } });
    fireEvent.change(screen.getByLabelText('Overlap between chunks (tokens)'), { target: { value: '8' } });
    await act(async () => fireEvent.submit(screen.getByRole('dialog').querySelector('form')!));
    expect(sentJson(fetch, '/api/v1/knowledge-bases')).toEqual({ name: 'Docs', language: 'german', chunking: { maxTokens: 64, overlapTokens: 8 } });
    expect(created).toHaveBeenCalled();
  });

  it('leaves the chunking to the server when it keeps the defaults', async () => {
    const fetch = stubFetch({ '/api/v1/knowledge-bases': { id: 'k', name: 'Docs' } });
    render(<CreateKbDialog onClose={() => undefined} onCreated={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Docs' } });
    await act(async () => fireEvent.submit(screen.getByRole('dialog').querySelector('form')!));
    expect(sentJson(fetch, '/api/v1/knowledge-bases')).toEqual({ name: 'Docs', language: 'english' });
  });
});

describe('the upload list', () => {
  const item = (over: Partial<UploadItem>): UploadItem => ({
    key: over.path ?? 'k',
    kbId: 'kb',
    file: new File(['x'], 'x.txt'),
    path: 'x.txt',
    status: 'failed',
    loaded: 0,
    total: 1,
    ...over,
  });

  it('shows a refused file with its whole reason and no Retry, a transient failure with Retry', () => {
    const queue = new UploadQueue(async () => ({}), () => undefined);
    const reason = 'The file is an application/x-msdownload (Windows executable); convert it to PDF, DOCX or plain text.';
    render(
      <UploadPanel
        kbId="kb"
        queue={queue}
        uploads={[item({ path: 'docs/tool.exe', error: reason, retryable: false }), item({ path: 'docs/a.pdf', error: 'Network error during upload', retryable: true })]}
      />,
    );
    const [refused, transient] = screen.getAllByRole('listitem');
    expect(within(refused).getByText(reason)).toBeTruthy();
    expect(within(refused).getByText('refused')).toBeTruthy();
    expect(within(refused).queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(within(transient).getByRole('button', { name: 'Retry' })).toBeTruthy();
    // the summary says what the rows say; neither shows a progress bar that reads as done
    expect(screen.getByRole('status').textContent).toBe('0 of 2 uploaded, 1 refused, 1 failed');
    expect(within(refused).queryByRole('progressbar')).toBeNull();
  });

  it('offers a folder picker', () => {
    render(<UploadPanel kbId="kb" queue={new UploadQueue(async () => ({}), () => undefined)} uploads={[]} />);
    expect(screen.getByLabelText('Folder to upload').hasAttribute('webkitdirectory')).toBe(true);
    expect(screen.getByRole('button', { name: 'Choose a folder' })).toBeTruthy();
  });
});

describe('folder files', () => {
  it('keeps the paths of a picked folder and leaves hidden files out', () => {
    const f = (name: string, rel: string) => Object.defineProperty(new File(['x'], name), 'webkitRelativePath', { value: rel });
    const list = [f('a.pdf', 'hb/a.pdf'), f('.DS_Store', 'hb/.DS_Store'), f('b.md', 'hb/sub/b.md')] as unknown as FileList;
    expect(pickedFiles(list).map((x) => x.path)).toEqual(['hb/a.pdf', 'hb/sub/b.md']);
  });

  it('walks a dropped folder recursively', async () => {
    const fileEntry = (path: string) => ({
      isFile: true,
      isDirectory: false,
      fullPath: '/' + path,
      file: (ok: (f: File) => void) => ok(new File(['x'], path.split('/').pop()!)),
    });
    const dirEntry = (path: string, children: unknown[]) => ({
      isFile: false,
      isDirectory: true,
      fullPath: '/' + path,
      createReader: () => {
        let done = false;
        return {
          readEntries: (ok: (e: unknown[]) => void) => {
            const batch = done ? [] : children;
            done = true;
            ok(batch);
          },
        };
      },
    });
    const tree = dirEntry('hb', [fileEntry('hb/a.pdf'), fileEntry('hb/.git'), dirEntry('hb/sub', [fileEntry('hb/sub/b.md')])]);
    const dt = { items: [{ kind: 'file', webkitGetAsEntry: () => tree }], files: [] } as unknown as DataTransfer;
    expect((await droppedFiles(dt)).map((x) => x.path)).toEqual(['hb/a.pdf', 'hb/sub/b.md']);
  });
});

describe('the document page', () => {
  const DOC = {
    id: 'd1',
    knowledgeBaseId: 'kb',
    filename: 'guide.pdf',
    status: 'INDEXED',
    version: 2,
    chunkCount: 3,
    sizeBytes: 2048,
  };

  it('lists versions, the status history, chunks and the text', async () => {
    stubFetch({
      '/api/v1/documents/d1/versions': {
        items: [
          { version: 2, state: 'done', attempts: 1, enqueuedAt: '2026-12-05T10:00:00Z', finishedAt: '2026-12-05T10:01:00Z' },
          { version: 1, state: 'failed', attempts: 3, enqueuedAt: '2026-12-04T10:00:00Z', error: 'parser timed out' },
        ],
        nextCursor: null,
      },
      '/api/v1/search': { results: [{ chunkId: 'c1', text: 'The dome opens at nine.', section: 'Opening hours', page: 2, score: 1 }] },
      '/api/v1/documents/d1/text': 'The dome opens at nine.',
    });
    await act(async () => {
      render(
        <DocumentDrawer
          doc={DOC}
          history={[{ status: 'INDEXING', version: 2, at: new Date() }, { status: 'INDEXED', version: 2, at: new Date() }]}
          canReprocess
          onReprocessed={() => undefined}
          onClose={() => undefined}
        />,
      );
    });
    const versions = screen.getByTestId('versions');
    expect(versions.textContent).toContain('Version 2: done');
    expect(versions.textContent).toContain('parser timed out');
    expect(screen.getByTestId('status-history').textContent).toMatch(/Indexing[\s\S]*Indexed/);
    expect(screen.getByRole('article', { name: 'Opening hours' }).textContent).toContain('page 2');
    expect(screen.getByRole('button', { name: 'Reprocess (new version)' })).toBeTruthy();
    // a page to read: focus starts on its first control (Close), not on the chunk search field further down
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
  });

  it('says so when the server has no version history', async () => {
    stubFetch({ '/api/v1/search': { results: [] } });
    await act(async () => {
      render(<DocumentDrawer doc={DOC} history={[]} canReprocess={false} onReprocessed={() => undefined} onClose={() => undefined} />);
    });
    expect(screen.getByText('The version history is not available on this server.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Reprocess/ })).toBeNull();
  });
});
