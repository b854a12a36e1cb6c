import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { get } from "react-hook-form";
import { ApiError } from "@/lib/http/api-client";

/**
 * Puts the API's field errors on the form, each under the field the API names (its first message
 * per field); false when the failure named no field, so the caller shows the message instead.
 */
export function setApiErrors<V extends FieldValues>(err: unknown, setError: UseFormSetError<V>): boolean {
  if (!(err instanceof ApiError) || err.errors.length === 0) return false;
  const seen = new Set<string>();
  for (const { field, message } of err.errors) {
    if (seen.has(field)) continue;
    seen.add(field);
    setError(field as Path<V>, { type: "server", message });
  }
  return true;
}

// A react-hook-form error node's own keys, beside the nested fields' errors it may hold.
const OWN_KEYS = new Set(["type", "message", "ref", "types", "root"]);

/** Every message in a form's errors (or under one of its fields), each with its field's path. */
export function errorList(node: unknown, path = ""): { field: string; message: string }[] {
  if (!node || typeof node !== "object") return [];
  const own = (node as { message?: unknown }).message;
  const isError = typeof own === "string";
  const nested = Object.entries(node).flatMap(([key, child]) =>
    isError && OWN_KEYS.has(key) ? [] : errorList(child, path ? `${path}.${key}` : key),
  );
  // A message on a node that also has nested ones only sums them up: the nested ones are counted.
  return nested.length > 0 || !isError ? nested : [{ field: path, message: own }];
}

/**
 * The message to show under a field: its own, or the first one nested under it named by its
 * path (a list's item, `3: must not be empty`), as the API names them.
 */
export function errorAt(errors: object, field: string): string | undefined {
  const node: unknown = get(errors, field);
  const own = (node as { message?: unknown } | undefined)?.message;
  if (typeof own === "string") return own;
  const [first] = errorList(node);
  return first ? `${first.field}: ${first.message}` : undefined;
}
