// The inbox's TanStack Query cache: its keys, and the pure functions that apply one live change
// (a new, changed or deleted notification) to a cached list without asking the server again.
import type { InfiniteData } from "@tanstack/react-query";
import type { BadgeMode } from "@/lib/vocabulary/enums";
import type {
  ActiveAnnouncements,
  GroupJson,
  GroupListPage,
  ListFilters,
  ListPage,
  NotificationJson,
  UserAnnouncementJson,
} from "./api";

export const inboxKeys = {
  all: ["inbox"] as const,
  lists: ["inbox", "list"] as const,
  list: (filters: ListFilters) => ["inbox", "list", filters] as const,
  groupLists: ["inbox", "groups"] as const,
  groups: (filters: ListFilters) => ["inbox", "groups", filters] as const,
  unread: ["inbox", "unread"] as const,
  /** What the badge counts (the tenant's setting), learnt with the count. */
  badgeMode: ["inbox", "badge-mode"] as const,
  announcements: ["inbox", "announcements"] as const,
  preferences: ["inbox", "preferences"] as const,
  preferenceWorkflows: ["inbox", "preference-workflows"] as const,
};

export type ListData = InfiniteData<ListPage, string>;

export type Change = { kind: "upsert"; notification: NotificationJson } | { kind: "delete"; id: string };

/** Whether the row belongs in the list's view: the default inbox holds neither archived nor snoozed ones. */
function inView(n: NotificationJson, f: ListFilters): boolean {
  if (f.view === "archived") return n.archived_at !== null;
  return n.archived_at === null && n.snoozed_until === null;
}

function matches(n: NotificationJson, f: ListFilters): boolean {
  if (!inView(n, f)) return false;
  if (f.groupKey !== undefined && n.group_key !== f.groupKey) return false;
  if (f.unreadOnly && n.read_at !== null) return false;
  if (f.type && n.type !== f.type) return false;
  if (f.priority && n.priority !== f.priority) return false;
  return true;
}

/** Lists are newest first by the recipient's `seq`, the API's own order. */
function insertSorted(items: NotificationJson[], n: NotificationJson): NotificationJson[] {
  const at = items.findIndex((x) => x.seq < n.seq);
  return at === -1 ? [...items, n] : [...items.slice(0, at), n, ...items.slice(at)];
}

/**
 * One change applied to a cached list. A row already listed is replaced where it is (unless the
 * cache holds a later version), or leaves the list when it left the list's view (archived,
 * snoozed) or moved in the stream (a snooze's end brings it back on top); a new one is inserted
 * in order when it matches the list's filters and falls within what is loaded (an older one
 * arrives with the page that holds it).
 */
export function applyChange(
  data: ListData | undefined,
  change: Change,
  filters: ListFilters,
): ListData | undefined {
  if (!data) return data;
  const id = change.kind === "upsert" ? change.notification.id : change.id;
  const pageIndex = data.pages.findIndex((p) => p.notifications.some((x) => x.id === id));
  if (change.kind === "delete") {
    if (pageIndex === -1) return data;
    return mapPage(data, pageIndex, (items) => items.filter((x) => x.id !== id));
  }
  const n = change.notification;
  if (pageIndex !== -1) {
    const listed = data.pages[pageIndex]!.notifications.find((x) => x.id === id)!;
    if (listed.change_seq > n.change_seq) return data;
    if (inView(n, filters) && listed.seq === n.seq)
      return mapPage(data, pageIndex, (items) => items.map((x) => (x.id === id ? n : x)));
    data = mapPage(data, pageIndex, (items) => items.filter((x) => x.id !== id));
  }
  if (!matches(n, filters)) return data;
  const last = data.pages[data.pages.length - 1];
  if (!last) return data;
  if (last.next_cursor !== null) {
    const oldest = last.notifications[last.notifications.length - 1];
    if (!oldest || n.seq < oldest.seq) return data;
  }
  const target = data.pages.findIndex((p) => p.notifications.some((x) => x.seq < n.seq));
  const at = target === -1 ? data.pages.length - 1 : target;
  return mapPage(data, at, (items) => insertSorted(items, n));
}

/** Local edits (optimistic read/unread) to the rows with these ids, keeping their change_seq. */
/**
 * Whether opening the bell has anything to mark seen: a badge of unseen ones to clear, rows the
 * bell shows unseen, or a list not loaded yet (it may hold some).
 */
export function hasUnseen(
  latest: readonly NotificationJson[] | undefined,
  mode: BadgeMode,
  count: number,
): boolean {
  if (mode === "unseen" && count > 0) return true;
  return latest === undefined || latest.some((n) => n.seen_at === null);
}

export function patchRows(
  data: ListData | undefined,
  ids: ReadonlySet<string>,
  patch: (n: NotificationJson) => NotificationJson,
): ListData | undefined {
  if (!data) return data;
  let touched = false;
  const pages = data.pages.map((p) => {
    if (!p.notifications.some((x) => ids.has(x.id))) return p;
    touched = true;
    return { ...p, notifications: p.notifications.map((x) => (ids.has(x.id) ? patch(x) : x)) };
  });
  return touched ? { ...data, pages } : data;
}

function mapPage(
  data: ListData,
  index: number,
  fn: (items: NotificationJson[]) => NotificationJson[],
): ListData {
  const pages = data.pages.slice();
  const page = pages[index]!;
  pages[index] = { ...page, notifications: fn(page.notifications) };
  return { ...data, pages };
}

export function allRows(data: { pages: ListPage[] } | undefined): NotificationJson[] {
  return data?.pages.flatMap((p) => p.notifications) ?? [];
}

export type GroupData = InfiniteData<GroupListPage, string>;

/** A group's identity in a folded list: its key, or (no key) its one notification. */
const groupIdOf = (g: GroupJson) => g.group_key ?? `#${g.latest.id}`;

/**
 * One live change applied to a cached folded list, or null when only the server can tell (a
 * member other than the latest changed or left, so the group's counts are unknown here): the
 * list is fetched again. A notification newer than its group's latest (a new one, or one back
 * from a snooze) folds in: the group moves to the top with its count and unread count up by one.
 */
export function applyGroupChange(
  data: GroupData | undefined,
  change: Change,
  filters: ListFilters,
): GroupData | undefined | null {
  if (!data) return data;
  const groups = data.pages.flatMap((p) => p.groups);
  if (change.kind === "delete") {
    const g = groups.find((x) => x.latest.id === change.id);
    if (!g) return groups.some((x) => x.count > 1) ? null : data;
    return g.count === 1 ? mapGroups(data, (list) => list.filter((x) => x !== g)) : null;
  }
  const n = change.notification;
  const id = n.group_key ?? `#${n.id}`;
  const g = groups.find((x) => groupIdOf(x) === id);
  if (g && g.latest.id === n.id) {
    if (g.latest.change_seq > n.change_seq) return data;
    if (!matches(n, filters))
      return g.count === 1 ? mapGroups(data, (list) => list.filter((x) => x !== g)) : null;
    if (n.seq !== g.latest.seq) return null;
    const unread = g.unread_count + (g.latest.read_at === null ? -1 : 0) + (n.read_at === null ? 1 : 0);
    return mapGroups(data, (list) =>
      list.map((x) => (x === g ? { ...g, latest: n, unread_count: Math.max(0, unread) } : x)),
    );
  }
  if (g && n.seq < g.latest.seq) return null;
  if (!matches(n, filters)) return g ? null : data;
  const folded: GroupJson = g
    ? { ...g, count: g.count + 1, unread_count: g.unread_count + (n.read_at === null ? 1 : 0), latest: n }
    : { group_key: n.group_key, count: 1, unread_count: n.read_at === null ? 1 : 0, latest: n };
  const last = data.pages[data.pages.length - 1];
  const rest = groups.filter((x) => x !== g);
  const oldest = rest[rest.length - 1];
  // An older group beyond what is loaded arrives with the page that holds it.
  if (!g && last?.next_cursor !== null && (!oldest || n.seq < oldest.latest.seq)) return data;
  return mapGroups(data, (list) => {
    const others = list.filter((x) => x !== g);
    const at = others.findIndex((x) => x.latest.seq < n.seq);
    return at === -1 ? [...others, folded] : [...others.slice(0, at), folded, ...others.slice(at)];
  });
}

/**
 * Local edits (optimistic read/unread) to the groups whose latest is one of these ids (null: every
 * group, mark-all), their unread counts following; members out of sight are the server's to count.
 */
export function patchGroupRows(
  data: GroupData | undefined,
  ids: ReadonlySet<string> | null,
  patch: (n: NotificationJson) => NotificationJson,
): GroupData | undefined {
  if (!data) return data;
  return mapGroups(data, (list) =>
    list.map((g) => {
      if (ids && !ids.has(g.latest.id)) return g;
      const latest = patch(g.latest);
      if (!ids) return { ...g, latest, unread_count: latest.read_at === null ? g.unread_count : 0 };
      const unread =
        g.unread_count + (g.latest.read_at === null ? -1 : 0) + (latest.read_at === null ? 1 : 0);
      return { ...g, latest, unread_count: Math.max(0, unread) };
    }),
  );
}

/** Local edits (an optimistic group read) to the group with this key. */
export function patchGroup(
  data: GroupData | undefined,
  groupKey: string,
  patch: (g: GroupJson) => GroupJson,
): GroupData | undefined {
  if (!data) return data;
  return mapGroups(data, (list) => list.map((g) => (g.group_key === groupKey ? patch(g) : g)));
}

/** The loaded groups re-cut into their pages (each page keeps its size and cursor). */
function mapGroups(data: GroupData, fn: (groups: GroupJson[]) => GroupJson[]): GroupData {
  const sizes = data.pages.map((p) => p.groups.length);
  const all = fn(data.pages.flatMap((p) => p.groups));
  let from = 0;
  const pages = data.pages.map((p, i) => {
    const isLast = i === data.pages.length - 1;
    const groups = isLast ? all.slice(from) : all.slice(from, from + sizes[i]!);
    from += groups.length;
    return { ...p, groups };
  });
  return { ...data, pages };
}

export function allGroups(data: { pages: GroupListPage[] } | undefined): GroupJson[] {
  return data?.pages.flatMap((p) => p.groups) ?? [];
}

export type AnnouncementChange =
  { kind: "upsert"; announcement: UserAnnouncementJson } | { kind: "remove"; id: string };

export function applyAnnouncement(
  data: ActiveAnnouncements | undefined,
  change: AnnouncementChange,
): ActiveAnnouncements | undefined {
  if (!data) return data;
  const id = change.kind === "upsert" ? change.announcement.id : change.id;
  const rest = data.announcements.filter((a) => a.id !== id);
  let announcements = rest;
  if (change.kind === "upsert") {
    const before = data.announcements.find((a) => a.id === id);
    // A live event carries no read state of this user's: keep what the list knew.
    const a = before
      ? { ...change.announcement, is_read: before.is_read, read_at: before.read_at }
      : change.announcement;
    announcements = before ? data.announcements.map((x) => (x.id === id ? a : x)) : [a, ...rest];
  }
  return { announcements, unread: announcements.filter((a) => !a.is_read).length };
}

/**
 * The last live changes, so a list fetched while they arrived can apply the ones its answer may
 * predate (an event that lands between the server's read and its reply would otherwise be lost).
 */
export class ChangeLog {
  private entries: { n: number; change: Change }[] = [];
  private counter = 0;
  constructor(private readonly max = 500) {}
  push(change: Change): void {
    this.counter += 1;
    this.entries.push({ n: this.counter, change });
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
  }
  mark(): number {
    return this.counter;
  }
  since(mark: number): Change[] {
    return this.entries.filter((e) => e.n > mark).map((e) => e.change);
  }
}

/** A fetched first page with the changes that arrived while it was on its way. */
export function withChanges(page: ListPage, changes: Change[], filters: ListFilters): ListPage {
  let data: ListData | undefined = { pages: [page], pageParams: [""] };
  for (const c of changes) data = applyChange(data, c, filters);
  return data!.pages[0]!;
}

/** The last live unread count, so a count fetched while one arrived does not overwrite it. */
export class LatestCount {
  private n = 0;
  private value = 0;
  record(count: number): void {
    this.n += 1;
    this.value = count;
  }
  mark(): number {
    return this.n;
  }
  /** The live count if one arrived after `mark`, else `fetched`. */
  after(mark: number, fetched: number): number {
    return this.n !== mark ? this.value : fetched;
  }
}
