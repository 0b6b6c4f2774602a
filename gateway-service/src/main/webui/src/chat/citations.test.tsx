import { fireEvent, render, screen } from '@testing-library/react';
import { linkCitations } from './citations';
import { Markdown, safeHref } from '../markdown/Markdown';
import type { Citation } from './frames';

const cites: Citation[] = [
  { n: 1, documentId: 'd-1', chunkId: 'k-1', filename: 'a.pdf', page: 3, snippet: 'alpha' },
  { n: 2, documentId: 'd-2', chunkId: 'k-2', filename: 'b.pdf', snippet: 'beta' },
];

describe('citation linking', () => {
  it('turns validated markers into citation segments and keeps the text around them', () => {
    const s = linkCitations('Alpha [1] and beta [2].', cites);
    expect(s.map((x) => (x.kind === 'text' ? x.text : `#${x.n}`))).toEqual(['Alpha ', '#1', ' and beta ', '#2', '.']);
  });

  it('splits a grouped marker into one link per number', () => {
    const s = linkCitations('Both [1, 2]', cites);
    expect(s.filter((x) => x.kind === 'cite').map((x) => (x.kind === 'cite' ? x.citation.documentId : ''))).toEqual([
      'd-1',
      'd-2',
    ]);
  });

  it('leaves a marker without a validated citation as plain text', () => {
    const s = linkCitations('Invented [7] and array[0]', cites);
    expect(s).toEqual([{ kind: 'text', text: 'Invented [7] and array[0]' }]);
  });

  it('renders citation buttons in Markdown that hand the cited passage to the handler', () => {
    const onCite = vi.fn();
    render(<Markdown text={'**Alpha** is here [1].'} citations={cites} onCite={onCite} />);
    fireEvent.click(screen.getByRole('button', { name: 'Citation 1: a.pdf' }));
    expect(onCite).toHaveBeenCalledWith(cites[0]);
    expect(screen.getByText('Alpha').tagName).toBe('STRONG');
  });
});

describe('sanitised Markdown', () => {
  it('shows raw HTML as text instead of interpreting it', () => {
    const { container } = render(<Markdown text={'<img src=x onerror="alert(1)"> <script>alert(1)</script>'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<script>alert(1)</script>');
  });

  it('links only to the own origin or allowed hosts', () => {
    const { container } = render(
      <Markdown text={'[docs](/knowledge) [evil](https://evil.example/x) [js](javascript:alert(1))'} />,
    );
    const links = Array.from(container.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/knowledge']);
    expect(container.textContent).toContain('evil (https://evil.example/x)');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,hi')).toBeNull();
  });
});
