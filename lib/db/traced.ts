// A span per SQL statement, under whatever span is active (a request, a job), when tracing is on.
// Drizzle has no tracing hook of its own, so the drivers' query functions are wrapped: postgres.js's
// `unsafe` (on the pool and on every transaction's connection) and PGlite's `query`.
import type { PGlite } from "@electric-sql/pglite";
import type postgres from "postgres";
import { SpanKind, tracer, failSpan } from "../telemetry/tracing";

/** Enough of a statement to tell which one it was; parameters are never recorded. */
const MAX_STATEMENT = 1_000;

function startQuerySpan(system: string, text: string) {
  const statement = text.length > MAX_STATEMENT ? `${text.slice(0, MAX_STATEMENT)}…` : text;
  const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "QUERY";
  return tracer().startSpan(`db ${operation}`, {
    kind: SpanKind.CLIENT,
    attributes: { "db.system.name": system, "db.operation.name": operation, "db.query.text": statement },
  });
}

function settle<T extends PromiseLike<unknown>>(query: T, span: ReturnType<typeof startQuerySpan>): T {
  query.then(
    () => span.end(),
    (err: unknown) => {
      failSpan(span, err);
      span.end();
    },
  );
  return query;
}

type Sql = postgres.Sql | postgres.TransactionSql;

/** Wraps a postgres.js client (and, through begin/savepoint, the transactions it opens) in place. */
export function tracePostgres<S extends Sql>(sql: S): S {
  const target = sql as unknown as Record<string, (...args: unknown[]) => unknown>;
  const unsafe = target.unsafe!.bind(sql);
  // The query starts on its first `then` after a tick, so drizzle's `.values()` still applies.
  target.unsafe = (text, ...rest) =>
    settle(unsafe(text, ...rest) as PromiseLike<unknown>, startQuerySpan("postgresql", String(text)));
  for (const name of ["begin", "savepoint"] as const) {
    const open = target[name];
    if (!open) continue;
    target[name] = (...args: unknown[]) => {
      const fn = args.at(-1) as (tx: Sql) => unknown;
      return open.call(sql, ...args.slice(0, -1), (tx: Sql) => fn(tracePostgres(tx)));
    };
  }
  return sql;
}

/** Wraps PGlite's query (transactions included) in place. */
export function tracePglite(pglite: PGlite): PGlite {
  const query = pglite.query.bind(pglite);
  pglite.query = ((text: string, ...rest: unknown[]) =>
    settle(
      (query as (...a: unknown[]) => Promise<unknown>)(text, ...rest),
      startQuerySpan("postgresql", text),
    )) as PGlite["query"];
  const transaction = pglite.transaction.bind(pglite);
  pglite.transaction = ((fn: (tx: { query: PGlite["query"] }) => Promise<unknown>) =>
    transaction(async (tx) => {
      const txQuery = tx.query.bind(tx);
      tx.query = ((text: string, ...rest: unknown[]) =>
        settle(
          (txQuery as (...a: unknown[]) => Promise<unknown>)(text, ...rest),
          startQuerySpan("postgresql", text),
        )) as typeof tx.query;
      return fn(tx);
    })) as PGlite["transaction"];
  return pglite;
}
