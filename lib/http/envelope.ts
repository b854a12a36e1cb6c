// The response envelope of the REST API: {code, message, data}, or for an error
// {code, message, error_code, errors?} where `errors` names each invalid field.
import type { DomainError, ErrorCode, FieldError } from "../errors";

export type Envelope<T> = { code: number; message: string; data: T };
export type ErrorEnvelope = { code: number; message: string; error_code: ErrorCode; errors?: FieldError[] };

/** What each domain error code means over HTTP: the one map from lib's errors to statuses. */
const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  too_large: 413,
  idempotency_mismatch: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export const httpStatusOf = (code: ErrorCode): number => STATUS[code];

export function ok<T>(data: T, message = "Success", status = 200, headers?: HeadersInit): Response {
  return Response.json({ code: status, message, data } satisfies Envelope<T>, { status, headers });
}

export function errorResponse(
  errorCode: ErrorCode,
  message: string,
  errors?: FieldError[],
  headers?: HeadersInit,
): Response {
  const status = STATUS[errorCode];
  const body: ErrorEnvelope = { code: status, message, error_code: errorCode };
  if (errors && errors.length > 0) body.errors = errors;
  return Response.json(body, { status, headers });
}

export const domainErrorResponse = (err: DomainError): Response =>
  errorResponse(err.code, err.message, err.errors, err.headers);
