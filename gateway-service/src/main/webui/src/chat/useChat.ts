import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, del, get, patch } from '../api/client';
import type { Conversation, Page, Thread } from '../api/model';
import { navigate } from '../ui/router';
import type { Action } from '../ui/useAction';
import { hasGap, interrupt, reduce, startMessage, type StreamMessage } from './reducer';
import { useChatSocket } from './useChatSocket';

/**
 * The conversation's last exchange, which regenerate and edit-and-resend replace: the keys of its question and answer
 * as the message list renders them, the question's text, and the stored message id the server is told it replaces.
 * None while an answer streams or when the last answer failed before it was stored.
 */
export interface LastExchange {
  questionKey: string;
  answerKey?: string;
  question: string;
  replaces: string;
  /** A streamed answer (by clientId) or the index of the stored question: what leaves the screen on replace. */
  live?: string;
  storedFrom?: number;
}

export function lastExchange(thread: Thread | null, streams: StreamMessage[]): LastExchange | null {
  const m = streams[streams.length - 1];
  if (m) {
    if (m.status !== 'done' || !m.messageId) return null;
    return { questionKey: `q-${m.clientId}`, answerKey: `a-${m.clientId}`, question: m.question, replaces: m.messageId, live: m.clientId };
  }
  const msgs = thread?.messages ?? [];
  let i = msgs.length - 1;
  while (i >= 0 && msgs[i].role !== 'user') i--;
  if (i < 0) return null;
  const answer = msgs[i + 1];
  return {
    questionKey: msgs[i].id,
    answerKey: answer?.id,
    question: msgs[i].content,
    replaces: answer?.id ?? msgs[i].id,
    storedFrom: i,
  };
}

/** Pinned conversations first, then the most recently active (the server's order). */
function byPin(a: Conversation, b: Conversation): number {
  return Number(!!b.pinned) - Number(!!a.pinned) || (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '');
}

/** What the chat says when the conversation in the address no longer exists (the API answers 404). */
export const CONVERSATION_GONE = 'This conversation was deleted or is no longer available.';

let counter = 0;
const nextId = () => `c-${Date.now().toString(36)}-${++counter}`;

/**
 * The chat's state: the conversation list, the open thread, and the answers streaming over the socket into it.
 * Request failures go to the caller's {@code run}.
 */
export function useChat(convId: string | null, canChat: boolean, run: Action['run']) {
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [thread, setThread] = useState<Thread | null>(null);
  const [live, setLive] = useState<StreamMessage[]>([]);
  const [draftKbs, setDraftKbs] = useState<string[]>([]);
  // a search in titles and message content (server-side); null results: no search
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Conversation[] | null>(null);
  // the live answers, also kept in a ref so frame handling computes each next state (and its effects) once
  const liveRef = useRef<StreamMessage[]>([]);
  const updateLive = useCallback((fn: (ls: StreamMessage[]) => StreamMessage[]) => {
    liveRef.current = fn(liveRef.current);
    setLive(liveRef.current);
  }, []);

  const loadList = useCallback(() => {
    void run(
      get<Page<Conversation>>('/api/v1/conversations?limit=200').then((p) => {
        setConversations(p.items);
        setThread((t) => (t && !t.title ? { ...t, title: p.items.find((c) => c.id === t.id)?.title ?? null } : t));
      }),
    );
  }, [run]);

  const loadThread = useCallback(
    (id: string) => {
      void run(
        get<Thread>(`/api/v1/conversations/${id}`)
          .then((t) => {
            setThread(t);
            updateLive((ls) => ls.filter((m) => m.conversationId !== id || m.status === 'streaming'));
          })
          .catch((e) => {
            // gone (deleted here or elsewhere): a new chat in its place, and run says why (Back does not return to it)
            if (e instanceof ApiError && e.status === 404) navigate('/chat', { replace: true });
            throw e;
          }),
        CONVERSATION_GONE,
      );
    },
    [run, updateLive],
  );

  useEffect(loadList, [loadList]);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults(null);
      return;
    }
    // debounced; a later query's answer wins because an earlier one is ignored once the query changed
    let current = true;
    const t = setTimeout(() => {
      get<Page<Conversation>>(`/api/v1/conversations?limit=50&q=${encodeURIComponent(q)}`)
        .then((p) => current && setResults(p.items))
        .catch(() => current && setResults([]));
    }, 250);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [query]);

  const onDropped = useCallback(
    (ids: string[]) => updateLive((ls) => ls.map((m) => (ids.includes(m.clientId) ? interrupt(m) : m))),
    [updateLive],
  );
  const { status, socket } = useChatSocket(canChat, onDropped);

  useEffect(() => {
    if (!convId) {
      setThread(null);
    } else if (thread?.id !== convId) {
      loadThread(convId);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [convId]);

  const draftKbsRef = useRef<string[]>([]);
  draftKbsRef.current = draftKbs;
  const selectedKbs = thread ? (thread.knowledgeBaseIds ?? []) : draftKbs;

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
      if (next.status === 'error' && next.replaces && next.conversationId) {
        // a refused replace removed nothing on the server: show the stored thread again
        loadThread(next.conversationId);
      }
    },
    [loadList, loadThread, updateLive],
  );

  const ask = (question: string, replaces?: string) => {
    const id = nextId();
    const m = { ...startMessage(id, question), conversationId: thread?.id, replaces };
    updateLive((ls) => [...ls, m]);
    socket.current?.send(
      {
        id,
        content: question,
        maxTokens: 800,
        ...(thread?.id ? { conversationId: thread.id } : {}),
        ...(selectedKbs.length ? { knowledgeBaseIds: selectedKbs } : {}),
        ...(replaces ? { replaces } : {}),
      },
      onFrame(id),
    );
  };

  const streams = useMemo(
    () => live.filter((m) => (thread ? m.conversationId === thread.id : !m.conversationId)),
    [live, thread],
  );

  const streaming = streams.some((m) => m.status === 'streaming');
  const last = streaming ? null : lastExchange(thread, streams);

  /** Replaces the last exchange: on screen at once, in the stored conversation when the new answer starts. */
  const replace = (question: string) => {
    if (!last || !thread) return;
    if (last.live) updateLive((ls) => ls.filter((x) => x.clientId !== last.live));
    else setThread({ ...thread, messages: thread.messages.slice(0, last.storedFrom) });
    ask(question, last.replaces);
  };

  return {
    conversations,
    thread,
    streams,
    streaming,
    last,
    regenerate: () => last && replace(last.question),
    editLast: (question: string) => replace(question),
    query,
    setQuery,
    results,
    pin: (c: Conversation, pinned: boolean) =>
      run(
        patch<Conversation>(`/api/v1/conversations/${c.id}`, { pinned }).then(() => {
          const flip = (x: Conversation) => (x.id === c.id ? { ...x, pinned } : x);
          setConversations((cs) => cs.map(flip).sort(byPin));
          setResults((rs) => rs && rs.map(flip).sort(byPin));
        }),
      ),
    status,
    selectedKbs,
    ask,
    retry: (m: StreamMessage) => {
      updateLive((ls) => ls.filter((x) => x.clientId !== m.clientId));
      ask(m.question);
    },
    stop: () => streams.filter((m) => m.status === 'streaming').forEach((m) => socket.current?.cancel(m.clientId)),
    newChat: () => {
      setDraftKbs([]);
      navigate('/chat');
    },
    setKbSelection: (ids: string[]) => {
      if (!thread) {
        setDraftKbs(ids);
        return;
      }
      setThread({ ...thread, knowledgeBaseIds: ids });
      void run(patch(`/api/v1/conversations/${thread.id}`, { knowledgeBaseIds: ids }));
    },
    renamed: (c: Conversation) => {
      setConversations((cs) => cs.map((x) => (x.id === c.id ? { ...x, title: c.title } : x)));
      if (thread?.id === c.id) setThread({ ...thread, title: c.title });
    },
    remove: (c: Conversation) =>
      run(
        del(`/api/v1/conversations/${c.id}`).then(() => {
          setConversations((cs) => cs.filter((x) => x.id !== c.id));
          if (convId === c.id) navigate('/chat');
        }),
      ),
  };
}
