import { fireEvent, render, screen } from '@testing-library/react';
import type { Citation } from '../chat/frames';
import { codeLike, Markdown } from './Markdown';

const cites: Citation[] = [
  { n: 1, documentId: 'd-1', chunkId: 'k-1', filename: 'a.pdf', page: 3, snippet: 'alpha' },
  { n: 2, documentId: 'd-2', chunkId: 'k-2', filename: 'b.pdf', snippet: 'beta' },
];

const view = (text: string, citations: Citation[] = []) =>
  render(<Markdown text={text} citations={citations} onCite={() => {}} />).container;
const codes = (c: HTMLElement) => Array.from(c.querySelectorAll('code')).map((e) => e.textContent);

describe('identifiers are kept (CommonMark emphasis rules)', () => {
  it('renders Z_BUF_ERROR verbatim, without emphasis, as code', () => {
    const c = view('inflate() returned Z_BUF_ERROR because the buffer was full');
    expect(c.textContent).toBe('inflate() returned Z_BUF_ERROR because the buffer was full');
    expect(c.querySelector('em')).toBeNull();
    expect(codes(c)).toEqual(['inflate()', 'Z_BUF_ERROR']);
  });

  it('renders asn1_der_decoding verbatim and as code, like its citation shows it', () => {
    const c = view('The bug is in asn1_der_decoding [2].', cites);
    expect(c.textContent).toBe('The bug is in asn1_der_decoding 2.');
    expect(c.querySelector('em')).toBeNull();
    expect(codes(c)).toEqual(['asn1_der_decoding']);
    expect(screen.getByRole('button', { name: 'Citation 2: b.pdf' }).className).toBe('cite');
  });

  it('keeps several identifiers in one sentence apart from real emphasis', () => {
    const c = view('Set snake_case and MAX_WINDOW_BITS, then _really_ call Foo::bar().');
    expect(c.textContent).toBe('Set snake_case and MAX_WINDOW_BITS, then really call Foo::bar().');
    expect(codes(c)).toEqual(['snake_case', 'MAX_WINDOW_BITS', 'Foo::bar()']);
    expect(c.querySelector('em')?.textContent).toBe('really');
  });

  it('leaves ordinary words, dotted names, numbers, paths, flags and URLs as text', () => {
    const t =
      'e.g. example.com, dev.quire.Foo, 1_000_000, /usr/lib/libz_ng.so, --no_color, $HOME_DIR, ' +
      'john_doe@example.com, update-mime-database, https://example.com/a_b?x_y=1 and www.foo_bar.com';
    expect(codeLike(t)).toEqual([{ code: false, text: t }]);
    const c = view(t);
    expect(c.querySelector('code')).toBeNull();
    expect(c.textContent).toBe(t);
  });

  it('does not mark identifiers again inside code spans, code blocks or links', () => {
    const c = view('Use `z_stream` here.\n\n```c\nint ret = inflate(&strm, Z_NO_FLUSH);\n```\n\n[read_me](/knowledge)');
    expect(codes(c)).toEqual(['z_stream', 'int ret = inflate(&strm, Z_NO_FLUSH);']);
    expect(c.querySelector('pre code')?.textContent).toBe('int ret = inflate(&strm, Z_NO_FLUSH);');
    expect(c.querySelector('a')?.innerHTML).toBe('read_me');
  });

  it('shows an extractive quote verbatim: no smart quotes, dashes or stray emphasis', () => {
    const q = '> "The value -- 2 * 3 * 4 -- is returned as-is," said the (c) notice...';
    expect(view(q).querySelector('blockquote')?.textContent).toBe(q.slice(2));
  });
});

describe('Markdown still renders', () => {
  it('*emphasis*, **strong**, _emphasis_ at word boundaries and ~~strikethrough~~', () => {
    const c = view('*one* **two** _three_ __four__ ~~five~~');
    expect(Array.from(c.querySelectorAll('em')).map((e) => e.textContent)).toEqual(['one', 'three']);
    expect(Array.from(c.querySelectorAll('strong')).map((e) => e.textContent)).toEqual(['two', 'four']);
    expect(c.querySelector('s')?.textContent).toBe('five');
  });

  it('headings from h3 down, as before', () => {
    const c = view('# One\n\n## Two\n\n#### Four\n\n###### Six');
    expect(Array.from(c.querySelectorAll('h3, h4, h5, h6')).map((h) => `${h.tagName}:${h.textContent}`)).toEqual([
      'H3:One',
      'H4:Two',
      'H6:Four',
      'H6:Six',
    ]);
  });

  it('code blocks, lists (nested, numbered from their start), quotes, rules and tables', () => {
    const c = view(
      '```\nline 1\n  line 2\n```\n\n- a\n- b\n  1. c\n\n3. three\n4. four\n\n> quoted\n\n---\n\n| k | v |\n|:--|--:|\n| x | 1 |',
    );
    expect(c.querySelector('pre > code')?.textContent).toBe('line 1\n  line 2');
    expect(Array.from(c.querySelectorAll('ul > li')).map((li) => li.firstChild?.textContent)).toEqual(['a', 'b']);
    expect(c.querySelector('ul ol li')?.textContent).toBe('c');
    const ol = c.querySelector('.markdown > ol')!;
    expect(ol.getAttribute('start')).toBe('3');
    expect(Array.from(ol.querySelectorAll('li')).map((li) => li.textContent)).toEqual(['three', 'four']);
    expect(c.querySelector('blockquote')?.textContent).toBe('quoted');
    expect(c.querySelector('hr')).not.toBeNull();
    expect(Array.from(c.querySelectorAll('th, td')).map((e) => e.textContent)).toEqual(['k', 'v', 'x', '1']);
    expect((c.querySelector('td:last-child') as HTMLElement).style.textAlign).toBe('right');
  });

  it('keeps [n] markers as citation buttons, including inside emphasis and list items', () => {
    const onCite = vi.fn();
    render(<Markdown text={'- **Alpha [1]**\n- beta [2], invented [7]'} citations={cites} onCite={onCite} />);
    fireEvent.click(screen.getByRole('button', { name: 'Citation 1: a.pdf' }));
    fireEvent.click(screen.getByRole('button', { name: 'Citation 2: b.pdf' }));
    expect(onCite.mock.calls.map(([c]) => c.n)).toEqual([1, 2]);
    expect(screen.queryByRole('button', { name: /Citation 7/ })).toBeNull();
    expect(screen.getByText(/invented \[7\]/)).toBeTruthy();
  });

  it('keeps a reference-style line as text, so [1] stays a citation and never becomes a link', () => {
    const c = view('See [1].\n\n[1]: https://evil.example/x', cites);
    expect(c.querySelector('a')).toBeNull();
    expect(c.querySelectorAll('button.cite')).toHaveLength(2);
    expect(c.textContent).toContain(': https://evil.example/x');
  });
});

describe('no raw HTML, no live unsafe links', () => {
  it('shows <script> and <img onerror> as text, in a paragraph and as an HTML block', () => {
    const html = '<img src=x onerror="alert(1)"> <script>alert(1)</script>';
    for (const t of [html, `text ${html}`, `<div>\n${html}\n</div>`]) {
      const c = view(t);
      expect(c.querySelector('img, script, .markdown div')).toBeNull();
      expect(c.textContent).toContain('<script>alert(1)</script>');
      expect(c.textContent).toContain('<img src=x onerror="alert(1)">');
    }
  });

  it('does not make javascript: or data: links live, in any link syntax', () => {
    const c = view('[js](javascript:alert(1)) <javascript:alert(2)> [d](data:text/html,hi) [ok](/knowledge)');
    expect(Array.from(c.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual(['/knowledge']);
    expect(c.querySelectorAll('.blocked-link')).toHaveLength(3);
    expect(c.textContent).toContain('js (javascript:alert(1))');
  });

  it('opens allowed links in a new tab without referrer, as before', () => {
    const a = view('[docs](/knowledge?kb=1#x)').querySelector('a')!;
    expect(a.getAttribute('href')).toBe('/knowledge?kb=1#x');
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  });

  it('never loads an image: it shows as a link or as blocked text', () => {
    const c = view('![chart](https://evil.example/pixel.png?q=secret) ![own](/logo.png)');
    expect(c.querySelector('img')).toBeNull();
    expect(c.querySelector('.blocked-link')?.textContent).toBe('chart (https://evil.example/pixel.png?q=secret)');
    expect(c.querySelector('a')?.getAttribute('href')).toBe('/logo.png');
  });
});
