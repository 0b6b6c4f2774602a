import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, del, get, patch } from '../api/client';
import type { Conversation, Page, Thread } from '../api/types';
import { navigate } from '../ui/router';
import type { Action } from '../ui/useAction';
import { hasGap, interrupt, reduce, startMessage, type StreamMessage } from './reducer';
import { useChatSocket } from './useChatSocket';

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
            if (e instanceof ApiError && e.status === 404) navigate('/chat');
            else throw e;
          }),
      );
    },
    [run, updateLive],
  );

  useEffect(loadList, [loadList]);

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
    },
    [loadList, loadThread, updateLive],
  );

  const ask = (question: string) => {
    const id = nextId();
    const m = { ...startMessage(id, question), conversationId: thread?.id };
    updateLive((ls) => [...ls, m]);
    socket.current?.send(
      {
        id,
        content: question,
        maxTokens: 800,
        ...(thread?.id ? { conversationId: thread.id } : {}),
        ...(selectedKbs.length ? { knowledgeBaseIds: selectedKbs } : {}),
      },
      onFrame(id),
    );
  };

  const streams = useMemo(
    () => live.filter((m) => (thread ? m.conversationId === thread.id : !m.conversationId)),
    [live, thread],
  );

  return {
    conversations,
    thread,
    streams,
    streaming: streams.some((m) => m.status === 'streaming'),
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
