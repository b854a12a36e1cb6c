// HeraldProvider: one inbox client, one live connection and one shared inbox store for the
// components and hooks below it, acting for the end user whose subscriber token it is given.
import {
  type ClientEvent,
  createInboxClient,
  createRealtimeClient,
  type InboxClient,
  type Notification,
  type RealtimeClient,
  type TokenSource,
} from "@herald/js";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { createInboxStore, type InboxStore } from "./store.ts";

export type HeraldProviderProps = TokenSource & {
  /** Origin of the Herald server, e.g. `https://herald.example.com`; omitted: the page's own. */
  baseUrl?: string;
  /** Page size of the notification list (default 20). */
  pageSize?: number;
  /**
   * Where the live feed keeps its resume position in localStorage; include the user, e.g.
   * `herald:alice`. Omitted: each page load catches up from the start.
   */
  storageKey?: string;
  /** False: REST only, no live connection. */
  live?: boolean;
  /** Sends the REST calls (default: the global fetch), e.g. to add headers your proxy needs. */
  fetch?: (request: Request) => Promise<Response>;
  children?: ReactNode;
};

type NewListener = (notification: Notification) => void;

export type HeraldContextValue = {
  inbox: InboxClient;
  realtime: RealtimeClient | null;
  store: InboxStore;
  /** Called for each notification that arrives live after the provider mounted (toasts). */
  onNew(listener: NewListener): () => void;
  /** Feeds one realtime event to the list, the count and the toasts; the provider's socket calls it. */
  receive(event: ClientEvent): void;
};

const HeraldContext = createContext<HeraldContextValue | null>(null);

export function useHerald(): HeraldContextValue {
  const value = useContext(HeraldContext);
  if (!value) throw new Error("Herald: wrap this component in <HeraldProvider>");
  return value;
}

type Options = Pick<HeraldProviderProps, "baseUrl" | "pageSize" | "storageKey" | "live" | "fetch">;

function createHerald(opts: Options, getToken: () => Promise<string | undefined>): HeraldContextValue {
  const inbox = createInboxClient({
    url: opts.baseUrl,
    getToken: async () => (await getToken()) ?? "",
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const store = createInboxStore(inbox, opts.pageSize);
  const listeners = new Set<NewListener>();
  const openedAt = Date.now();
  const receive = (event: ClientEvent) => {
    const fresh = store.apply(event);
    // A catch-up after connecting replays older rows as new: only toast what was sent since.
    if (fresh && Date.parse(fresh.created_at) >= openedAt - 5_000)
      for (const listener of listeners) listener(fresh);
  };
  let realtime: RealtimeClient | null = null;
  if (opts.live !== false) {
    realtime = createRealtimeClient({
      url: opts.baseUrl,
      token: async () => (await getToken()) ?? "",
      storageKey: opts.storageKey,
      // Tabs share one connection per user only when the host names the user in its storage key.
      ...(opts.storageKey
        ? { channelName: `${opts.storageKey}:channel`, lockName: `${opts.storageKey}:lock` }
        : { locks: null }),
    });
    realtime.subscribe(receive);
  }
  return {
    inbox,
    realtime,
    store,
    onNew(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    receive,
  };
}

export function HeraldProvider(props: HeraldProviderProps) {
  const { children, token, getToken, baseUrl, pageSize, storageKey, live, fetch } = props;
  // The latest token and fetch props, read whenever they are needed: a new token, refresher or
  // fetch function (an inline one is new on every render) needs no new connection.
  const latest = useRef({ token, getToken, fetch });
  useEffect(() => {
    latest.current = { token, getToken, fetch };
  }, [token, getToken, fetch]);
  const [herald, setHerald] = useState<HeraldContextValue | null>(null);
  useEffect(() => {
    const send = (request: Request) => latest.current.fetch?.(request) ?? globalThis.fetch(request);
    const value = createHerald({ baseUrl, pageSize, storageKey, live, fetch: send }, async () => {
      const { token: fixed, getToken: refresh } = latest.current;
      return refresh ? refresh() : fixed;
    });
    setHerald(value);
    void value.store.refresh();
    return () => value.realtime?.close();
  }, [baseUrl, pageSize, storageKey, live]);
  if (!herald) return null;
  return <HeraldContext.Provider value={herald}>{children}</HeraldContext.Provider>;
}
