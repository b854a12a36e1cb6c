"use client";
// React over lib/realtime/client.ts: one client per page (itself sharing one socket across the
// browser's tabs), its connection state, and a hook to listen to its events.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import {
  createRealtimeClient,
  type ClientEvent,
  type ConnectionStatus,
  type RealtimeClient,
} from "@/lib/realtime/client";

export type RealtimeState = {
  /** The shared connection's state, as the tab holding it reports it; null until known. */
  connection: ConnectionStatus | null;
  /** Another connection of this user took this one's place (too many open): offer to reconnect. */
  replaced: boolean;
  /** This tab holds the shared connection (the others follow it). */
  leader: boolean;
};

type Listener = (e: ClientEvent) => void;

type Context = RealtimeState & {
  /** True between a (re)connect and the end of its sync: events then are catch-up, not news. */
  isCatchingUp: () => boolean;
  /** Listens to the client's events; children subscribe before the client exists, so none are missed. */
  subscribe: (listener: Listener) => () => void;
  /** Connects now: after `replaced`, or to skip the backoff wait. */
  reconnect: () => void;
};

/** The shared connection's state a status event tells, when it tells one (a follower's may not). */
export function connectionOf(e: Extract<ClientEvent, { type: "status" }>): ConnectionStatus | undefined {
  return e.status === "follower" ? e.connection : e.status;
}

const initial: RealtimeState = { connection: null, replaced: false, leader: false };

const RealtimeContext = createContext<Context | null>(null);

export function RealtimeProvider({
  userKey,
  token,
  children,
}: {
  /** Who the connection is for: tabs share a connection and a sync position per user. */
  userKey: string;
  /** A subscriber token (embedded inbox); omitted, the session cookie. */
  token?: string;
  children: ReactNode;
}) {
  const [state, setState] = useState<RealtimeState>(initial);
  const catchingUp = useRef(false);
  const client = useRef<RealtimeClient | null>(null);
  const reconnect = useCallback(() => client.current?.reconnect(), []);
  const listeners = useRef(new Set<Listener>());
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  useEffect(() => {
    // Embedded inboxes (a token) and the signed-in pages of one origin keep separate connections.
    const scope = `${token ? "embed" : "session"}:${userKey}`;
    const created = createRealtimeClient({
      token,
      storageKey: `herald:realtime:position:${scope}`,
      channelName: `herald-realtime:${scope}`,
      lockName: `herald-realtime-leader:${scope}`,
    });
    let connection: ConnectionStatus | null = null;
    client.current = created;
    const unsubscribe = created.subscribe((e) => {
      if (e.type === "status") {
        const next = connectionOf(e) ?? connection;
        // A tab that joins while the connection is up hears "connected" once: no sync follows.
        if (next === "connected" && connection !== null && connection !== "connected")
          catchingUp.current = true;
        connection = next;
        setState((s) => ({
          ...s,
          connection: next,
          leader: e.status !== "follower",
          replaced: next === "connected" ? false : s.replaced,
        }));
      } else if (e.type === "synced") {
        catchingUp.current = false;
      } else if (e.type === "session:replaced") {
        setState((s) => ({ ...s, replaced: true }));
      }
      for (const listener of listeners.current) {
        try {
          listener(e);
        } catch (err) {
          console.warn("[herald] realtime listener failed", err);
        }
      }
    });
    return () => {
      unsubscribe();
      created.close();
      client.current = null;
    };
  }, [userKey, token]);

  return (
    <RealtimeContext.Provider
      value={{ ...state, subscribe, reconnect, isCatchingUp: () => catchingUp.current }}
    >
      {children}
    </RealtimeContext.Provider>
  );
}

export function useRealtime(): Context {
  const ctx = useContext(RealtimeContext);
  if (!ctx) throw new Error("useRealtime needs a <RealtimeProvider>");
  return ctx;
}

/** Calls `listener` for every event of the page's realtime client (the latest listener, no resubscribe). */
export function useRealtimeEvents(listener: (e: ClientEvent) => void): void {
  const { subscribe } = useRealtime();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe((e) => latest.current(e)), [subscribe]);
}
