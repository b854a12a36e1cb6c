// The response envelope of the REST API (seed §2): {code, message, data} or {code, message, errors}.
import type { FieldError } from "./errors";

export type Envelope<T> = { code: number; message: string; data: T };

export function ok<T>(data: T, message = "Success", status = 200, headers?: HeadersInit): Response {
  return Response.json({ code: status, message, data } satisfies Envelope<T>, { status, headers });
}

export function errorResponse(
  status: number,
  message: string,
  errors?: FieldError[],
  headers?: HeadersInit,
): Response {
  const body = errors && errors.length > 0 ? { code: status, message, errors } : { code: status, message };
  return Response.json(body, { status, headers });
}
