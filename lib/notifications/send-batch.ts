// Concurrent plain sends share one statement. Under load most of a send's database cost is per
// statement and per commit, not per row (docs/PERFORMANCE.md, "Single sends"), so sends that
// arrive while earlier ones are being written wait for a free slot and then go together: at low
// load a send goes at once (the next turn of the event loop), at high load the statements carry
// many sends each. Each send still gets only its own rows, and a failure its own error.
import DataLoader from "dataloader";
import type { Db } from "../db/client";
import { isDatabaseUnavailable } from "../db/errors";
import { metrics } from "../metrics";
import { insertPlainSends, type InsertedNotification, type PlainSend } from "./store";

/** Statements of batched sends in flight per database at once (the rest wait and join the next). */
const IN_FLIGHT = 4;
/** Sends per statement at most. */
const MAX_SENDS = 64;
/** Sends with more recipients than this go alone: they are one efficient statement already. */
export const BATCHED_RECIPIENTS_MAX = 10;

type Loader = DataLoader<PlainSend, InsertedNotification[]>;
const loaders = new WeakMap<Db, Loader>();

/** Splits the sends into statements whose recipients do not repeat (in order: a user's seqs follow the sends). */
function disjointGroups(sends: readonly PlainSend[]): number[][] {
  const groups: { members: number[]; taken: Set<string> }[] = [];
  sends.forEach((send, index) => {
    const keys = send.externalIds.map((id) => `${send.tenantId}\u0000${id}`);
    // A later send to a user must land in a later statement than the user's earlier send.
    let at = 0;
    for (let g = groups.length - 1; g >= 0; g--) {
      if (keys.some((k) => groups[g]!.taken.has(k))) {
        at = g + 1;
        break;
      }
    }
    const group = groups[at] ?? (groups[at] = { members: [], taken: new Set() });
    group.members.push(index);
    for (const k of keys) group.taken.add(k);
  });
  return groups.map((g) => g.members);
}

function loaderFor(db: Db): Loader {
  let loader = loaders.get(db);
  if (loader) return loader;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  };
  loader = new DataLoader<PlainSend, InsertedNotification[]>(
    async (sends) => {
      try {
        const results: (InsertedNotification[] | Error)[] = new Array(sends.length);
        for (const members of disjointGroups(sends)) {
          const group = members.map((i) => sends[i]!);
          try {
            const rows = await insertPlainSends(db, group);
            metrics().sendBatchSize.observe(group.length);
            members.forEach((i, k) => (results[i] = rows[k]!));
          } catch (err) {
            // The database is away: every send of the statement gets that answer. Anything else
            // may be one send's fault: each is written on its own, so only that one fails.
            if (group.length === 1 || isDatabaseUnavailable(err)) {
              for (const i of members) results[i] = err as Error;
              continue;
            }
            for (const i of members) {
              results[i] = await insertPlainSends(db, [sends[i]!]).then(
                ([rows]) => rows!,
                (e: Error) => e,
              );
            }
          }
        }
        return results;
      } finally {
        release();
      }
    },
    {
      cache: false,
      maxBatchSize: MAX_SENDS,
      batchScheduleFn: (dispatch) => {
        if (inFlight < IN_FLIGHT) {
          inFlight++;
          setImmediate(dispatch);
        } else {
          waiting.push(dispatch);
        }
      },
    },
  );
  loaders.set(db, loader);
  return loader;
}

/** Writes one plain send, together with whatever other sends are waiting for the database. */
export function insertPlainSend(db: Db, send: PlainSend): Promise<InsertedNotification[]> {
  return loaderFor(db).load(send);
}
