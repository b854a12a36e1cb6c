import type { ApiError } from "@/lib/http/api-client";

export type FieldErrors = Record<string, string | undefined>;

/**
 * The API's field errors by field, for showing under each input. An error on a list item or a
 * nested field (user_ids.3, audience.user_ids) also shows on its top field, except params, whose
 * fields are inputs of their own.
 */
export function apiFieldErrors(err: ApiError): FieldErrors {
  const out: FieldErrors = {};
  for (const e of err.errors) {
    out[e.field] ??= e.message;
    const head = e.field.split(".")[0]!;
    if (head !== "params" && head !== e.field)
      out[head] ??= `${e.field.slice(head.length + 1)}: ${e.message}`;
  }
  return out;
}
