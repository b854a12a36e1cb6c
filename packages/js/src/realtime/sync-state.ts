// What the browser client knows about the recipient's change stream: the resume position, the last
// change delivered per notification (dedupe), the unread count, and live events held back while a
// sync pages. No sockets, timers or storage: the client feeds it and delivers what it returns.
import type { Notification } from "../types.ts";
import type { SyncEvent, SyncPage } from "./protocol.ts";

/** A notification change from a live event or a sync page. */
export type Change =
  | { kind: "upsert"; notification: Notification; hint: "notification:new" | "notification:updated" }
  | { kind: "delete"; id: string; change_seq: number };

/** What the inbox is told. */
export type SyncOutput =
  | { type: "notification:new"; notification: Notification }
  | { type: "notification:updated"; notification: Notification }
  | { type: "notification:deleted"; id: string; change_seq: number }
  | { type: "unread:count"; count: number }
  /** A sync finished: everything up to `position` has been delivered. */
  | { type: "synced"; position: number; unread_count: number };

/** The answer to one sync page: what to deliver, and where to ask next (null: the sync is done). */
export type PageResult = { outputs: SyncOutput[]; next: number | null };

export function changeOfSyncEvent(event: SyncEvent): Change {
  return event.type === "upsert"
    ? { kind: "upsert", notification: event.notification, hint: "notification:new" }
    : { kind: "delete", id: event.id, change_seq: event.change_seq };
}

// The resume position moves only with sync pages, never with live events: two changes for one user
// are published independently and may arrive out of commit order, so a live event's change_seq does
// not prove everything before it was seen. A quiet sync after a run of live events (the client's
// checkpoint) moves the position forward instead.
export class SyncState {
  /** Highest change_seq with nothing missing below it: where the next sync resumes. */
  position: number;
  unread: number | null = null;
  isSyncing = false;
  /** Last change_seq delivered per notification id (deletes included). */
  private readonly known = new Map<string, { seq: number; isDeleted: boolean }>();
  private held: Change[] = [];

  constructor(position = 0) {
    this.position = position;
  }

  /** A sync starts (on connect, or a checkpoint): returns the position to ask from. */
  begin(): number {
    this.isSyncing = true;
    this.held = [];
    return this.position;
  }

  /**
   * One page of the sync that asked from `after`. Throws, changing nothing, on a page that claims
   * more without moving forward: paging by it would loop.
   */
  page(page: SyncPage, after: number): PageResult {
    if (page.has_more && !(page.last > after)) throw new Error("sync made no progress");
    const outputs: SyncOutput[] = [];
    for (const event of page.events) this.apply(changeOfSyncEvent(event), outputs);
    this.resumeFrom(page.last);
    if (page.has_more) return { outputs, next: page.last };
    this.isSyncing = false;
    // Live events held back during the sync come after it, in order; dedupe drops the overlap.
    const held = this.held;
    this.held = [];
    for (const change of held) this.apply(change, outputs);
    this.unread = page.unread_count;
    outputs.push(
      { type: "unread:count", count: page.unread_count },
      { type: "synced", position: this.position, unread_count: page.unread_count },
    );
    return { outputs, next: null };
  }

  /** The connection went down: a sync in flight is abandoned (the next connect starts over). */
  interrupt(): void {
    this.isSyncing = false;
    this.held = [];
  }

  /** A live change: held while a sync pages, so the inbox sees changes in change_seq order. */
  live(change: Change): SyncOutput[] {
    if (this.isSyncing) {
      this.held.push(change);
      return [];
    }
    const outputs: SyncOutput[] = [];
    this.apply(change, outputs);
    return outputs;
  }

  /** A live unread count; ignored while syncing, whose own count is at least as fresh. */
  liveUnread(count: number): SyncOutput[] {
    if (this.isSyncing) return [];
    this.unread = count;
    return [{ type: "unread:count", count }];
  }

  /**
   * An output the tab holding the connection delivered, seen by another tab: it keeps the same
   * bookkeeping, so it can take over where the leader left off.
   */
  relayed(output: SyncOutput): void {
    if (output.type === "notification:new" || output.type === "notification:updated")
      this.known.set(output.notification.id, { seq: output.notification.change_seq, isDeleted: false });
    else if (output.type === "notification:deleted")
      this.known.set(output.id, { seq: output.change_seq, isDeleted: true });
    else if (output.type === "synced") this.resumeFrom(output.position);
    else this.unread = output.count;
  }

  /** Moves the resume position forward (never back), e.g. to what another tab stored. */
  resumeFrom(position: number): void {
    if (position > this.position) this.position = position;
  }

  private apply(change: Change, outputs: SyncOutput[]): void {
    const id = change.kind === "upsert" ? change.notification.id : change.id;
    const seq = change.kind === "upsert" ? change.notification.change_seq : change.change_seq;
    const seen = this.known.get(id);
    if (seen && seen.seq >= seq) return; // already delivered (live and sync overlap)
    this.known.set(id, { seq, isDeleted: change.kind === "delete" });
    if (change.kind === "delete") outputs.push({ type: "notification:deleted", id, change_seq: seq });
    else
      outputs.push({
        type: seen && !seen.isDeleted ? "notification:updated" : change.hint,
        notification: change.notification,
      });
  }
}
