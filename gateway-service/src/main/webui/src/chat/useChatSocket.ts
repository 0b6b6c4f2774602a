import { useEffect, useRef, useState } from 'react';
import { ChatSocket, type SocketStatus } from './socket';

/** The chat socket while the role may chat, and its connection status; {@code onDropped} gets the cut-off streams. */
export function useChatSocket(canChat: boolean, onDropped: (clientIds: string[]) => void) {
  const [status, setStatus] = useState<SocketStatus>('connecting');
  const socket = useRef<ChatSocket | null>(null);
  useEffect(() => {
    if (!canChat) return;
    const s = new ChatSocket(setStatus, onDropped);
    socket.current = s;
    s.connect();
    return () => s.close();
  }, [canChat, onDropped]);
  return { status, socket };
}
