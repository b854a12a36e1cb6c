// One value per process for a key, shared by every copy of a module: the custom server serves the
// API from its own module graph, while pages, server actions and Auth.js run in the copy Next
// bundles, and both copies must see one database, one queue, one cache.
const STORE = Symbol.for("herald.singletons");

type Holder = typeof globalThis & { [STORE]?: Map<string, unknown> };

function store(): Map<string, unknown> {
  const g = globalThis as Holder;
  g[STORE] ??= new Map();
  return g[STORE];
}

/** The process's value for `key`, made by `create()` the first time any module copy asks. */
export function processSingleton<T>(key: string, create: () => T): T {
  const values = store();
  if (!values.has(key)) values.set(key, create());
  return values.get(key) as T;
}
