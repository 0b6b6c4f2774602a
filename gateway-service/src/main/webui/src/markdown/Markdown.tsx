import { useMemo, type CSSProperties, type ReactNode } from 'react';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type { Citation } from '../chat/frames';
import { linkCitations } from '../chat/citations';

/** Hosts besides the UI's own origin that answer links may point to; everything else renders as plain text. */
export const ALLOWED_LINK_HOSTS: string[] = [];

/** The URL when a link may be rendered (http(s) to the own origin or an allowed host), else null. */
export function safeHref(href: string, origin = window.location.origin): string | null {
  let url: URL;
  try {
    url = new URL(href, origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.origin === origin) return url.pathname + url.search + url.hash;
  return ALLOWED_LINK_HOSTS.includes(url.hostname) && url.protocol === 'https:' ? url.href : null;
}

/**
 * CommonMark (plus GFM tables and ~~strikethrough~~) without raw HTML: `html: false` leaves tags as text, no
 * linkify and no typographer, so quoted text keeps its exact characters. Reference definitions are off: a line like
 * `[1]: a.pdf` stays text and [1] stays a citation marker instead of turning into a link. Every link destination is
 * checked by safeHref when rendering, so markdown-it's own scheme filter is bypassed to let blocked links show as
 * text rather than as raw Markdown.
 */
const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false, breaks: false });
md.disable('reference');
md.validateLink = () => true;

/** Plain-text URLs, which code-like marking leaves alone. */
const URL_LIKE = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)[^\s<>]*/gi;

/**
 * Identifier-like tokens: word segments joined by `.` or `::`, maybe ending in `()`, not glued to a path, URL,
 * flag, e-mail address or another word. Only those with an underscore inside a word, a `::` or a trailing `()`
 * count as code (see isCodeLike); `e.g.` or `example.com` never do.
 */
const IDENT =
  /(?<![\p{L}\p{N}_./\\:@$#%&~=+?-])[A-Za-z_][A-Za-z0-9_]*(?:(?:\.|::)[A-Za-z_][A-Za-z0-9_]*)*(?:\(\))?(?![\p{L}\p{N}_/\\@$-]|[.:][\p{L}\p{N}_])/gu;

function isCodeLike(t: string): boolean {
  return /[A-Za-z0-9]_+[A-Za-z0-9]/.test(t) || t.includes('::') || t.endsWith('()');
}

/** Splits plain text into text and code-like pieces (snake_case, SCREAMING_CASE, `a::b`, `name()`). */
export function codeLike(text: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  const push = (code: boolean, t: string) => {
    if (!t) return;
    const prev = out[out.length - 1];
    if (prev && !prev.code && !code) prev.text += t;
    else out.push({ code, text: t });
  };
  const scan = (t: string) => {
    let last = 0;
    for (const m of t.matchAll(IDENT)) {
      if (!isCodeLike(m[0])) continue;
      push(false, t.slice(last, m.index));
      push(true, m[0]);
      last = m.index! + m[0].length;
    }
    push(false, t.slice(last));
  };
  let last = 0;
  for (const u of text.matchAll(URL_LIKE)) {
    scan(text.slice(last, u.index));
    push(false, u[0]);
    last = u.index! + u[0].length;
  }
  scan(text.slice(last));
  return out;
}

interface Props {
  text: string;
  citations?: Citation[];
  onCite?: (c: Citation) => void;
}

/** A token with the tokens between it and its closing token, so the flat stream can be rendered recursively. */
interface Node {
  token: Token;
  children: Node[];
}

function nest(tokens: Token[]): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  for (const token of tokens) {
    if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const node: Node = { token, children: [] };
    stack[stack.length - 1].push(node);
    if (token.nesting === 1) stack.push(node.children);
  }
  return root;
}

/** Tokens shown as one element around their children, by token type. */
const WRAPPERS = new Map<string, 'ul' | 'li' | 'blockquote' | 'table' | 'thead' | 'tbody' | 'tr' | 'em' | 'strong' | 's'>([
  ['bullet_list_open', 'ul'],
  ['list_item_open', 'li'],
  ['blockquote_open', 'blockquote'],
  ['table_open', 'table'],
  ['thead_open', 'thead'],
  ['tbody_open', 'tbody'],
  ['tr_open', 'tr'],
  ['em_open', 'em'],
  ['strong_open', 'strong'],
  ['s_open', 's'],
]);

const ALIGN = /^text-align:(left|right|center)$/;

function cellStyle(t: Token): CSSProperties | undefined {
  const m = ALIGN.exec(String(t.attrGet('style') ?? ''));
  return m ? { textAlign: m[1] as 'left' | 'right' | 'center' } : undefined;
}

/** Plain text of inline tokens: an image's alt text, or a link's label to compare with its destination. */
function plain(nodes: Node[]): string {
  return nodes
    .map(({ token: t, children }) =>
      t.type === 'softbreak' || t.type === 'hardbreak'
        ? ' '
        : t.type === 'image'
          ? plain(nest(t.children ?? []))
          : t.content + plain(children),
    )
    .join('');
}

/**
 * An answer's Markdown (CommonMark via markdown-it, with GFM tables and strikethrough) rendered as React elements,
 * never as HTML: raw HTML shows as text, images show as links (nothing loads), links go only to allowed hosts,
 * [n] markers become citation buttons when n is a validated citation, and identifiers in the text
 * (Z_BUF_ERROR, asn1_der_decoding, a::b, name()) are kept verbatim and shown as code.
 */
export function Markdown({ text, citations = [], onCite }: Props) {
  const tree = useMemo(() => nest(md.parse(text.replace(/\r\n/g, '\n'), {})), [text]);
  let key = 0;

  const leaf = (t: string, inLink: boolean): ReactNode[] => {
    if (inLink) return [t];
    const out: ReactNode[] = [];
    for (const s of linkCitations(t, citations)) {
      if (s.kind === 'cite') {
        out.push(
          <button
            key={key++}
            type="button"
            className="cite"
            aria-label={`Citation ${s.n}: ${s.citation.filename ?? 'source'}`}
            onClick={() => onCite?.(s.citation)}
          >
            {s.n}
          </button>,
        );
        continue;
      }
      for (const p of codeLike(s.text)) out.push(p.code ? <code key={key++}>{p.text}</code> : p.text);
    }
    return out;
  };

  const link = (t: Token, label: ReactNode, labelText: string): ReactNode => {
    const raw = String(t.attrGet(t.type === 'image' ? 'src' : 'href') ?? '');
    const href = safeHref(raw);
    if (href) {
      return (
        <a key={key++} href={href} rel="noopener noreferrer nofollow" target="_blank">
          {label}
        </a>
      );
    }
    const shown = md.normalizeLinkText(raw);
    return (
      <span key={key++} className="blocked-link" title="link to a host that is not allowed">
        {label}
        {labelText === shown || labelText === raw ? null : ` (${shown})`}
      </span>
    );
  };

  const render = (nodes: Node[], inLink = false): ReactNode[] => {
    const out: ReactNode[] = [];
    let pending = '';
    const flush = () => {
      if (pending) out.push(...leaf(pending, inLink));
      pending = '';
    };
    for (const { token: t, children } of nodes) {
      // adjacent text pieces are joined first, so a marker like [12] is never split
      if (t.type === 'text' || t.type === 'text_special' || t.type === 'softbreak') {
        pending += t.type === 'softbreak' ? '\n' : t.content;
        continue;
      }
      flush();
      const k = key++;
      const inner = () => render(children, inLink);
      const Wrapper = WRAPPERS.get(t.type);
      if (Wrapper) {
        out.push(<Wrapper key={k}>{inner()}</Wrapper>);
        continue;
      }
      switch (t.type) {
        case 'inline':
          out.push(...render(nest(t.children ?? []), inLink));
          break;
        case 'paragraph_open':
          // paragraphs of tight list items are hidden: their text goes straight into the <li>
          if (t.hidden) out.push(...inner());
          else out.push(<p key={k}>{inner()}</p>);
          break;
        case 'heading_open': {
          const H = `h${Math.min(6, Number(t.tag.slice(1)) + 2)}` as 'h3';
          out.push(<H key={k}>{inner()}</H>);
          break;
        }
        case 'ordered_list_open': {
          const start = Number(t.attrGet('start') ?? 1);
          out.push(
            <ol key={k} start={start === 1 ? undefined : start}>
              {inner()}
            </ol>,
          );
          break;
        }
        case 'fence':
        case 'code_block':
          out.push(
            <pre key={k}>
              <code>{t.content.replace(/\n$/, '')}</code>
            </pre>,
          );
          break;
        case 'hr':
          out.push(<hr key={k} />);
          break;
        case 'th_open':
        case 'td_open': {
          const Cell = t.type === 'th_open' ? 'th' : 'td';
          out.push(
            <Cell key={k} style={cellStyle(t)}>
              {inner()}
            </Cell>,
          );
          break;
        }
        case 'code_inline':
          out.push(<code key={k}>{t.content}</code>);
          break;
        case 'hardbreak':
          out.push(<br key={k} />);
          break;
        case 'link_open':
          if (inLink) out.push(...inner());
          else out.push(link(t, render(children, true), plain(children)));
          break;
        case 'image': {
          // never an <img>: an answer must not make the browser fetch anything
          const alt = plain(nest(t.children ?? [])) || 'image';
          out.push(inLink ? alt : link(t, alt, alt));
          break;
        }
        default:
          // anything else (raw HTML if it ever appeared, a future token type) is shown as its text
          if (t.nesting === 1) out.push(...inner());
          else if (t.content) out.push(t.content);
      }
    }
    flush();
    return out;
  };

  return <div className="markdown">{render(tree)}</div>;
}
