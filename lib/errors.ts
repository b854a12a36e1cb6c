// Domain errors: lib/ says what went wrong with a stable code; each edge (the HTTP API, the socket
// gateway, the delivery worker) decides what that code means there, in one table of its own.

export type FieldError = { field: string; message: string };

/** Stable codes clients can branch on (the API answers them as `error_code`). */
export const ERROR_CODES = [
  "invalid",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "too_large",
  "idempotency_mismatch",
  "rate_limited",
  "unavailable",
  // Only the edge answers these two: no route has the method, or something failed unexpectedly.
  "method_not_allowed",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Which fields were wrong (`invalid`), or what the caller lacks (`forbidden`). */
    readonly errors?: FieldError[],
    /** Facts the edge may pass on, e.g. a rate limit's Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const invalid = (message: string, errors?: FieldError[]) =>
  new DomainError("invalid", message, errors);
export const unauthorized = (message = "Unauthorized") => new DomainError("unauthorized", message);
export const forbidden = (message = "Forbidden") => new DomainError("forbidden", message);
// Lookups name what happens when the row is absent: find* returns null, get* throws notFound;
// list* returns many rows (a page for the API's lists). Process singletons and config keep get*.
/** Someone else's row, another tenant's row and a missing row all look the same. */
export const notFound = (message = "Not found") => new DomainError("not_found", message);
export const conflict = (message: string) => new DomainError("conflict", message);
export const tooLarge = (message = "Request body too large") => new DomainError("too_large", message);
/** How long a client should wait before retrying while the database is not answering. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
export const databaseUnavailable = () =>
  new DomainError("unavailable", "The database is not answering; try again shortly", undefined, {
    "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS),
  });
export const rateLimited = (headers?: Record<string, string>) =>
  new DomainError("rate_limited", "Too many requests", undefined, headers);
