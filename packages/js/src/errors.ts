// The error every Herald client throws: the API's error envelope as an Error (shared by @herald/node).

/** One invalid field, as the API names it (`user_ids`, `actions.0.url`). */
export type FieldError = { field: string; message: string };

/** What Herald answers for an error: `{code, message, error_code, errors?}`. */
type ErrorEnvelope = { code?: unknown; message?: unknown; error_code?: unknown; errors?: unknown };

/**
 * An error answer from Herald (or no answer at all): `status` is the HTTP status (0 when the request
 * never got one), `code` the stable `error_code` to branch on, `errors` the invalid fields of a 400.
 */
export class HeraldError extends Error {
  override readonly name = "HeraldError";

  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly errors: FieldError[] = [],
    readonly requestId: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The message of the first error on `field`, if the API named it. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }

  static fromResponse(response: Response, body: unknown): HeraldError {
    const envelope = (typeof body === "object" && body !== null ? body : {}) as ErrorEnvelope;
    const message =
      typeof envelope.message === "string"
        ? envelope.message
        : `HTTP ${response.status} ${response.statusText}`;
    const code = typeof envelope.error_code === "string" ? envelope.error_code : `http_${response.status}`;
    const errors = Array.isArray(envelope.errors)
      ? envelope.errors.filter(
          (e): e is FieldError =>
            typeof e === "object" &&
            e !== null &&
            typeof e.field === "string" &&
            typeof e.message === "string",
        )
      : [];
    return new HeraldError(message, response.status, code, errors, response.headers.get("x-request-id"));
  }

  static network(cause: unknown): HeraldError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new HeraldError(`Herald did not answer: ${reason}`, 0, "network_error", [], null, { cause });
  }
}
