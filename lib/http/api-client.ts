// The browser's side of the REST envelope: unwraps `{code, message, data}` and turns an error
// envelope into an ApiError that keeps the per-field errors for forms.
import type { ErrorCode, FieldError } from "../errors";

export class ApiError extends Error {
  readonly status: number;
  readonly errors: FieldError[];
  /** The API's stable code (`not_found`, `conflict`, …): branch on it, not on the message. */
  readonly errorCode: ErrorCode | null;
  constructor(
    status: number,
    message: string,
    errors: FieldError[] = [],
    errorCode: ErrorCode | null = null,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.errors = errors;
    this.errorCode = errorCode;
  }

  /** The message for one field (as the API names it), for showing under its input. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

type Init = Omit<RequestInit, "body"> & { body?: unknown; query?: Record<string, unknown> };

/** Builds `path?query`, skipping undefined, null and empty values. */
export function withQuery(path: string, query?: Record<string, unknown>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) v.forEach((item) => params.append(k, String(item)));
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}

/**
 * Calls Herald's API with the page's session cookie (or the headers given, e.g. a subscriber
 * token) and returns `data`.
 */
export async function apiFetch<T>(path: string, init: Init = {}): Promise<T> {
  const { body, query, headers, ...rest } = init;
  const res = await fetch(withQuery(path, query), {
    credentials: "same-origin",
    ...rest,
    headers: {
      Accept: "application/json",
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: {
    code?: number;
    message?: string;
    error_code?: ErrorCode;
    data?: T;
    errors?: FieldError[];
  } | null = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    throw new ApiError(
      res.status,
      json?.message ?? `Request failed (${res.status})`,
      json?.errors ?? [],
      json?.error_code ?? null,
    );
  }
  return (json?.data ?? null) as T;
}
