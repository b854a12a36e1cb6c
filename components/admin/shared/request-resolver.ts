// The console forms' validation: the API's own request schema over the request the form's inputs
// make, so a rule lives once and an error is named by the request's field, as the API names it.
import { zodResolver } from "@hookform/resolvers/zod";
import { get, set, type FieldErrors, type FieldValues, type Resolver } from "react-hook-form";
import type { z } from "zod";

/**
 * A resolver checking bodyOf(values) with schema; `check` adds what only the form knows (a field
 * the request does not have, or a rule about the form's own state), and may drop a field's schema
 * errors where the form words the rule its own way.
 */
export function requestResolver<V extends FieldValues>(
  schema: z.ZodType,
  bodyOf: (values: V) => unknown,
  check?: (
    values: V,
    add: (field: string, message: string) => void,
    drop: (field: keyof V & string) => void,
  ) => void,
): Resolver<V> {
  const resolve = zodResolver(schema as z.ZodType<unknown, FieldValues>) as unknown as Resolver<FieldValues>;
  return async (values, context, options) => {
    const result = await resolve(bodyOf(values) as FieldValues, context, {
      ...options,
      // The schema checks the request, not the inputs: no native validation on the form's fields.
      fields: {},
      names: undefined,
      shouldUseNativeValidation: false,
    });
    const errors = { ...result.errors } as FieldErrors<V>;
    check?.(
      values,
      (field, message) => {
        if (!get(errors, field)) set(errors, field, { type: "form", message });
      },
      (field) => delete errors[field],
    );
    return Object.keys(errors).length > 0 ? { values: {}, errors } : { values, errors: {} };
  };
}
