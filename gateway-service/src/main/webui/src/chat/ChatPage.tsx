import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, describe, del, get, patch, post } from '../api/client';
import { atLeast, type Session } from '../api/session';
import type { Conversation, DocumentItem, KnowledgeBase, Page, StoredMessage, Thread } from '../api/types';
import { Markdown } from '../markdown/Markdown';
import { SpecChart } from '../charts/Chart';
import { Dialog, ErrorNote } from '../ui/Dialog';
import { Link, navigate } from '../ui/router';
import { EditIcon, ThumbDownIcon, ThumbUpIcon, TrashIcon } from '../ui/Icons';
import type { Citation } from './frames';
import { STEPS, STEP_LABELS } from './frames';
import { hasGap, interrupt, reduce, startMessage, type StreamMessage } from './reducer';
import { ChatSocket, type SocketStatus } from './socket';

let counter = 0;
const nextId = () => `c-${Date.now().toString(36)}-${++counter}`;

/** Conversations on the left, the thread with live streaming answers on the right. */
export function ChatPage({ path, session }: { path: string; session: Session }) {
  const convId = /^\/chat\/([0-9a-f-]{36})/.exec(path)?.[1] ?? null;
  const canChat = atLeast(session, 'member');
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [filter, setFilter] = useState('');
  const [thread, setThread] = useState<Thread | null>(null);
  const [live, setLive] = useState<StreamMessage[]>([]);
  const [kbs, setKbs] = useState<KnowledgeBase[]>([]);
  const [draftKbs, setDraftKbs] = useState<string[]>([]);
  const [status, setStatus] = useState<SocketStatus>('connecting');
  const [error, setError] = useState<string | null>(null);
  const [cited, setCited] = useState<Citation | null>(null);
  const [renaming, setRenaming] = useState<Conversation | null>(null);
  const [deleting, setDeleting] = useState<Conversation | null>(null);
  const socket = useRef<ChatSocket | null>(null);
  const bottom = useRef<HTMLDivElement>(null);
  // the live answers, also kept in a ref so frame handling computes each next state (and its effects) once
  const liveRef = useRef<StreamMessage[]>([]);
  const updateLive = useCallback((fn: (ls: StreamMessage[]) => StreamMessage[]) => {
    liveRef.current = fn(liveRef.current);
    setLive(liveRef.current);
  }, []);

  const loadList = useCallback(() => {
    get<Page<Conversation>>('/api/v1/conversations?limit=200')
      .then((p) => {
        setConversations(p.items);
        setThread((t) => (t && !t.title ? { ...t, title: p.items.find((c) => c.id === t.id)?.title ?? null } : t));
      })
      .catch((e) => setError(describe(e)));
  }, []);

  const loadThread = useCallback((id: string) => {
    get<Thread>(`/api/v1/conversations/${id}`)
      .then((t) => {
        setThread(t);
        updateLive((ls) => ls.filter((m) => m.conversationId !== id || m.status === 'streaming'));
      })
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) navigate('/chat');
        else setError(describe(e));
      });
  }, [updateLive]);

  useEffect(() => {
    loadList();
    get<Page<KnowledgeBase>>('/api/v1/knowledge-bases?limit=200')
      .then((p) => setKbs(p.items))
      .catch(() => setKbs([]));
  }, [loadList]);

  useEffect(() => {
    if (!canChat) return;
    const s = new ChatSocket(setStatus, (ids) =>
      updateLive((ls) => ls.map((m) => (ids.includes(m.clientId) ? interrupt(m) : m))),
    );
    socket.current = s;
    s.connect();
    return () => s.close();
  }, [canChat, updateLive]);

  useEffect(() => {
    if (!convId) {
      setThread(null);
    } else if (thread?.id !== convId) {
      loadThread(convId);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [convId]);

  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [live, thread]);

  const onFrame = useCallback(
    (clientId: string) => (f: Parameters<typeof reduce>[1]) => {
      const prev = liveRef.current.find((m) => m.clientId === clientId);
      if (!prev) return;
      const next = reduce(prev, f);
      if (next === prev) return;
      updateLive((ls) => ls.map((m) => (m.clientId === clientId ? next : m)));
      if (f.type === 'conversation' && !prev.conversationId) {
        // a new conversation: show it without reloading the thread that is streaming into the page
        setThread((t) =>
          t?.id === f.conversationId
            ? t
            : { id: f.conversationId, title: null, knowledgeBaseIds: draftKbsRef.current, messages: [] },
        );
        navigate(`/chat/${f.conversationId}`);
        loadList();
      }
      if (next.status === 'done') {
        loadList();
        if (hasGap(next) && next.conversationId) loadThread(next.conversationId);
      }
    },
    [loadList, loadThread, updateLive],
  );

  const draftKbsRef = useRef<string[]>([]);
  const selectedKbs = thread ? (thread.knowledgeBaseIds ?? []) : draftKbs;
  draftKbsRef.current = draftKbs;

  const ask = (question: string) => {
    const id = nextId();
    const m = { ...startMessage(id, question), conversationId: thread?.id };
    updateLive((ls) => [...ls, m]);
    const body: Record<string, unknown> = { id, content: question, maxTokens: 800 };
    if (thread?.id) body.conversationId = thread.id;
    if (selectedKbs.length) body.knowledgeBaseIds = selectedKbs;
    socket.current?.send(body as { id: string }, onFrame(id));
  };

  const setKbSelection = (ids: string[]) => {
    if (!thread) {
      setDraftKbs(ids);
      return;
    }
    setThread({ ...thread, knowledgeBaseIds: ids });
    patch(`/api/v1/conversations/${thread.id}`, { knowledgeBaseIds: ids }).catch((e) => setError(describe(e)));
  };

  const shown = useMemo(
    () => conversations.filter((c) => (c.title ?? 'Untitled').toLowerCase().includes(filter.toLowerCase())),
    [conversations, filter],
  );
  const streams = live.filter((m) => (thread ? m.conversationId === thread.id : !m.conversationId));
  const streaming = streams.some((m) => m.status === 'streaming');

  return (
    <div className="chat">
      <aside className="conversations" aria-label="Conversations">
        <button
          type="button"
          className="primary"
          onClick={() => {
            setDraftKbs([]);
            navigate('/chat');
          }}
        >
          New chat
        </button>
        <label className="search">
          <span className="sr-only">Search conversations</span>
          <input
            type="search"
            placeholder="Search titles"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </label>
        <ul>
          {shown.map((c) => (
            <li key={c.id} className={c.id === convId ? 'active' : undefined}>
              <Link to={`/chat/${c.id}`} aria-current={c.id === convId ? 'page' : undefined}>
                {c.title || 'Untitled'}
              </Link>
              <span className="row-actions">
                <button type="button" className="icon" aria-label={`Rename ${c.title || 'Untitled'}`} onClick={() => setRenaming(c)}>
                  <EditIcon />
                </button>
                <button type="button" className="icon" aria-label={`Delete ${c.title || 'Untitled'}`} onClick={() => setDeleting(c)}>
                  <TrashIcon />
                </button>
              </span>
            </li>
          ))}
          {!shown.length && <li className="muted">No conversations</li>}
        </ul>
      </aside>
      <section className="thread" aria-label="Conversation">
        <header className="thread-head">
          <h1>{thread ? thread.title || 'Untitled' : 'New chat'}</h1>
          <KbSelector kbs={kbs} selected={selectedKbs} onChange={setKbSelection} disabled={!canChat} />
          {canChat && status !== 'open' && (
            <span className="badge warn" role="status">
              {status === 'closed' ? 'Disconnected' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
            </span>
          )}
        </header>
        <ErrorNote error={error} />
        <div className="messages" aria-live="polite" aria-busy={streaming}>
          {thread?.messages.map((m) => <Stored key={m.id} m={m} onCite={setCited} />)}
          {streams.map((m) => (
            <Live
              key={m.clientId}
              m={m}
              onCite={setCited}
              onRetry={() => {
                updateLive((ls) => ls.filter((x) => x.clientId !== m.clientId));
                ask(m.question);
              }}
            />
          ))}
          {!thread?.messages.length && !streams.length && (
            <p className="muted empty">Ask a question about your knowledge bases.</p>
          )}
          <div ref={bottom} />
        </div>
        {canChat ? (
          <Composer
            streaming={streaming}
            onSend={ask}
            onStop={() => streams.filter((m) => m.status === 'streaming').forEach((m) => socket.current?.cancel(m.clientId))}
          />
        ) : (
          <p className="muted">Your role can read conversations but not chat.</p>
        )}
      </section>
      {cited && <CitationDialog c={cited} onClose={() => setCited(null)} />}
      {renaming && (
        <RenameDialog
          c={renaming}
          onClose={() => setRenaming(null)}
          onSaved={(c) => {
            setConversations((cs) => cs.map((x) => (x.id === c.id ? { ...x, title: c.title } : x)));
            if (thread?.id === c.id) setThread({ ...thread, title: c.title });
            setRenaming(null);
          }}
        />
      )}
      {deleting && (
        <Dialog title="Delete conversation" onClose={() => setDeleting(null)}>
          <p>
            Delete “{deleting.title || 'Untitled'}” and all its messages? This cannot be undone.
          </p>
          <div className="actions">
            <button type="button" onClick={() => setDeleting(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                const c = deleting;
                del(`/api/v1/conversations/${c.id}`)
                  .then(() => {
                    setConversations((cs) => cs.filter((x) => x.id !== c.id));
                    if (convId === c.id) navigate('/chat');
                  })
                  .catch((e) => setError(describe(e)))
                  .finally(() => setDeleting(null));
              }}
            >
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

function KbSelector(props: {
  kbs: KnowledgeBase[];
  selected: string[];
  onChange: (ids: string[]) => void;
  disabled: boolean;
}) {
  const { kbs, selected, onChange, disabled } = props;
  const label = selected.length
    ? kbs
        .filter((k) => selected.includes(k.id))
        .map((k) => k.name)
        .join(', ') || `${selected.length} selected`
    : 'All knowledge bases';
  return (
    <details className="kb-select">
      <summary>Sources: {label}</summary>
      <fieldset disabled={disabled}>
        <legend className="sr-only">Knowledge bases to search</legend>
        {kbs.map((k) => (
          <label key={k.id} className="check">
            <input
              type="checkbox"
              checked={selected.includes(k.id)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, k.id] : selected.filter((x) => x !== k.id))
              }
            />
            {k.name}
          </label>
        ))}
        {!kbs.length && <p className="muted">No knowledge bases yet.</p>}
      </fieldset>
    </details>
  );
}

function Composer({ streaming, onSend, onStop }: { streaming: boolean; onSend: (q: string) => void; onStop: () => void }) {
  const [text, setText] = useState('');
  const send = () => {
    const q = text.trim();
    if (!q || streaming) return;
    onSend(q);
    setText('');
  };
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label htmlFor="message" className="sr-only">
        Message
      </label>
      <textarea
        id="message"
        name="message"
        rows={2}
        placeholder="Ask a question (Enter sends, Shift+Enter for a new line)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      {streaming ? (
        <button type="button" className="danger" onClick={onStop}>
          Stop
        </button>
      ) : (
        <button type="submit" className="primary" disabled={!text.trim()}>
          Send
        </button>
      )}
    </form>
  );
}

function Stored({ m, onCite }: { m: StoredMessage; onCite: (c: Citation) => void }) {
  if (m.role === 'user') return <div className="msg user">{m.content}</div>;
  return (
    <article className="msg assistant">
      <Markdown text={m.content} citations={m.citations ?? []} onCite={onCite} />
      <Sources citations={m.citations ?? []} onCite={onCite} />
      {m.finishReason && m.finishReason !== 'stop' && <p className="muted">Answer ended: {m.finishReason}</p>}
      <Feedback messageId={m.id} />
    </article>
  );
}

export function Live({ m, onCite, onRetry }: { m: StreamMessage; onCite: (c: Citation) => void; onRetry: () => void }) {
  return (
    <>
      <div className="msg user">{m.question}</div>
      <article className="msg assistant" data-status={m.status}>
        {m.status === 'streaming' && <Steps m={m} />}
        {m.toolCalls.length > 0 && (
          <ul className="tools" aria-label="Tool calls">
            {m.toolCalls.map((t, i) => (
              <li key={i}>
                <code>{t.name}</code> {summarize(t.arguments)}
              </li>
            ))}
          </ul>
        )}
        <Markdown text={m.content} citations={m.citations} onCite={onCite} />
        {m.status === 'streaming' && <span className="cursor" aria-hidden="true" />}
        {m.charts.map((c, i) => (
          <SpecChart key={i} spec={c} />
        ))}
        <Sources citations={m.citations} onCite={onCite} />
        {hasGap(m) && m.status === 'done' && <p className="muted">Part of the stream was lost; reloading the answer…</p>}
        {m.status === 'done' && m.finishReason && m.finishReason !== 'stop' && (
          <p className="muted">Answer ended: {m.finishReason === 'length' ? 'token budget reached' : m.finishReason}</p>
        )}
        {m.status === 'error' && m.error && <StreamError error={m.error} onRetry={onRetry} />}
        {m.status === 'interrupted' && (
          <p className="error" role="alert">
            The connection dropped before the answer finished.{' '}
            <button type="button" onClick={onRetry}>
              Retry
            </button>
          </p>
        )}
        {m.status === 'done' && m.usage && (
          <p className="usage muted">
            {m.usage.promptTokens} prompt + {m.usage.completionTokens} completion tokens
          </p>
        )}
        {m.status === 'done' && m.messageId && <Feedback messageId={m.messageId} />}
      </article>
    </>
  );
}

function summarize(args: unknown): string {
  if (!args || typeof args !== 'object') return '';
  const a = args as Record<string, unknown>;
  if (typeof a.query === 'string') return `“${a.query}”`;
  return JSON.stringify(args).slice(0, 120);
}

function Steps({ m }: { m: StreamMessage }) {
  return (
    <div className="steps" role="status" aria-label="Progress">
      <ol>
        {STEPS.map((s) => {
          const state = m.step === s ? 'current' : m.stepsSeen.includes(s) ? 'done' : 'pending';
          return (
            <li key={s} className={state} aria-current={state === 'current' ? 'step' : undefined}>
              {STEP_LABELS[s]}
            </li>
          );
        })}
      </ol>
      <progress max={1} value={m.progress} aria-label="Answer progress" />
      {m.stepDetail && <span className="muted detail">{m.stepDetail}</span>}
    </div>
  );
}

function StreamError({ error, onRetry }: { error: NonNullable<StreamMessage['error']>; onRetry: () => void }) {
  const [left, setLeft] = useState(error.retryAfterSeconds ?? 0);
  useEffect(() => {
    if (left <= 0) return;
    const t = setTimeout(() => setLeft(left - 1), 1000);
    return () => clearTimeout(t);
  }, [left]);
  const title =
    error.code === 'rate_limited'
      ? 'Too many requests right now.'
      : error.code === 'quota_exceeded'
        ? 'Your plan’s quota is used up.'
        : 'The answer failed.';
  return (
    <div className="error" role="alert">
      <strong>{title}</strong> {error.message}
      {left > 0 && <span> Retry possible in {left} s.</span>}{' '}
      <button type="button" onClick={onRetry} disabled={left > 0}>
        Retry
      </button>
    </div>
  );
}

function Sources({ citations, onCite }: { citations: Citation[]; onCite: (c: Citation) => void }) {
  if (!citations.length) return null;
  return (
    <ol className="sources" aria-label="Sources">
      {citations.map((c) => (
        <li key={c.n} value={c.n}>
          <button type="button" className="link" onClick={() => onCite(c)}>
            {c.filename ?? 'Document'}
            {c.page ? `, p. ${c.page}` : ''}
          </button>
        </li>
      ))}
    </ol>
  );
}

function Feedback({ messageId }: { messageId: string }) {
  const [rating, setRating] = useState<'up' | 'down' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const rate = (r: 'up' | 'down') => {
    setRating(r);
    post(`/api/v1/messages/${messageId}/feedback`, { rating: r })
      .then(() => setNote('Thanks for the feedback'))
      .catch((e) => setNote(e instanceof ApiError && e.status === 404 ? 'Feedback is not available yet' : describe(e)));
  };
  return (
    <div className="feedback">
      <button type="button" className="icon" aria-label="Helpful" aria-pressed={rating === 'up'} onClick={() => rate('up')}>
        <ThumbUpIcon />
      </button>
      <button type="button" className="icon" aria-label="Not helpful" aria-pressed={rating === 'down'} onClick={() => rate('down')}>
        <ThumbDownIcon />
      </button>
      {note && <span className="muted" role="status">{note}</span>}
    </div>
  );
}

function CitationDialog({ c, onClose }: { c: Citation; onClose: () => void }) {
  const [doc, setDoc] = useState<DocumentItem | null>(null);
  useEffect(() => {
    get<DocumentItem>(`/api/v1/documents/${c.documentId}`)
      .then(setDoc)
      .catch(() => setDoc(null));
  }, [c.documentId]);
  return (
    <Dialog title={`Source ${c.n}: ${c.filename ?? 'document'}`} onClose={onClose}>
      {c.page ? <p className="muted">Page {c.page}</p> : null}
      <blockquote className="passage">{c.snippet || 'No passage text was cited.'}</blockquote>
      {doc && (
        <p>
          <Link to={`/knowledge/${doc.knowledgeBaseId}?doc=${doc.id}`} onClick={onClose}>
            Open the document
          </Link>
        </p>
      )}
    </Dialog>
  );
}

function RenameDialog({ c, onClose, onSaved }: { c: Conversation; onClose: () => void; onSaved: (c: Conversation) => void }) {
  const [title, setTitle] = useState(c.title ?? '');
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title="Rename conversation" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          patch<Conversation>(`/api/v1/conversations/${c.id}`, { title: title.trim() })
            .then((saved) => onSaved({ ...c, ...saved, title: saved?.title ?? title.trim() }))
            .catch((err) => setError(describe(err)));
        }}
      >
        <label>
          Title
          <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
        </label>
        <ErrorNote error={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
