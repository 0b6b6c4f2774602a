import { Fragment, type ReactNode } from 'react';
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

interface Props {
  text: string;
  citations?: Citation[];
  onCite?: (c: Citation) => void;
}

type Block =
  | { kind: 'p'; text: string }
  | { kind: 'h'; level: number; text: string }
  | { kind: 'ul' | 'ol'; items: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; text: string };

function blocks(src: string): Block[] {
  const lines = src.replace(/\r\n/g, '\n').split('\n');
  const out: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^```/.test(line)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i])) body.push(lines[i++]);
      i++;
      out.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    if (h) {
      out.push({ kind: 'h', level: h[1].length, text: h[2] });
      i++;
      continue;
    }
    if (/^\s*[-*+]\s+/.test(line) || /^\s*\d+[.)]\s+/.test(line)) {
      const ordered = /^\s*\d+[.)]\s+/.test(line);
      const items: string[] = [];
      const re = ordered ? /^\s*\d+[.)]\s+(.*)$/ : /^\s*[-*+]\s+(.*)$/;
      while (i < lines.length && re.test(lines[i])) items.push(re.exec(lines[i++])![1]);
      out.push({ kind: ordered ? 'ol' : 'ul', items });
      continue;
    }
    if (/^>\s?/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) body.push(lines[i++].replace(/^>\s?/, ''));
      out.push({ kind: 'quote', text: body.join(' ') });
      continue;
    }
    if (!line.trim()) {
      i++;
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() &&
      !/^(```|#{1,4}\s|>\s?|\s*[-*+]\s+|\s*\d+[.)]\s+)/.test(lines[i])
    ) {
      para.push(lines[i++]);
    }
    out.push({ kind: 'p', text: para.join('\n') });
  }
  return out;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))/;

/**
 * A small Markdown subset rendered as React elements: paragraphs, headings, lists, quotes, code, emphasis and links.
 * Raw HTML is never interpreted (it shows as text), links go only to allowed hosts, and [n] markers become
 * citation buttons when n is a validated citation.
 */
export function Markdown({ text, citations = [], onCite }: Props) {
  let key = 0;
  const leaf = (t: string): ReactNode[] =>
    linkCitations(t, citations).map((s) =>
      s.kind === 'text' ? (
        <Fragment key={key++}>{s.text}</Fragment>
      ) : (
        <button
          key={key++}
          type="button"
          className="cite"
          aria-label={`Citation ${s.n}: ${s.citation.filename ?? 'source'}`}
          onClick={() => onCite?.(s.citation)}
        >
          {s.n}
        </button>
      ),
    );
  const inline = (t: string): ReactNode[] => {
    const out: ReactNode[] = [];
    let rest = t;
    for (;;) {
      const m = INLINE.exec(rest);
      if (!m) {
        out.push(...leaf(rest));
        return out;
      }
      out.push(...leaf(rest.slice(0, m.index)));
      const tok = m[0];
      if (m[1]) out.push(<code key={key++}>{tok.slice(1, -1)}</code>);
      else if (m[2]) out.push(<strong key={key++}>{inline(tok.slice(2, -2))}</strong>);
      else if (m[3]) out.push(<em key={key++}>{inline(tok.slice(1, -1))}</em>);
      else {
        const lm = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(tok)!;
        const href = safeHref(lm[2]);
        out.push(
          href ? (
            <a key={key++} href={href} rel="noopener noreferrer nofollow" target="_blank">
              {inline(lm[1])}
            </a>
          ) : (
            <span key={key++} className="blocked-link" title="link to a host that is not allowed">
              {lm[1]} ({lm[2]})
            </span>
          ),
        );
      }
      rest = rest.slice(m.index + tok.length);
    }
  };
  return (
    <div className="markdown">
      {blocks(text).map((b, i) => {
        switch (b.kind) {
          case 'code':
            return (
              <pre key={i}>
                <code>{b.text}</code>
              </pre>
            );
          case 'h': {
            const H = `h${Math.min(6, b.level + 2)}` as 'h3';
            return <H key={i}>{inline(b.text)}</H>;
          }
          case 'ul':
          case 'ol': {
            const L = b.kind;
            return (
              <L key={i}>
                {b.items.map((it, j) => (
                  <li key={j}>{inline(it)}</li>
                ))}
              </L>
            );
          }
          case 'quote':
            return <blockquote key={i}>{inline(b.text)}</blockquote>;
          default:
            return <p key={i}>{inline(b.text)}</p>;
        }
      })}
    </div>
  );
}
