/** One invalid field, as the API names it (`user_ids`, `actions.0.url`). */
export type FieldError = {
    field: string;
    message: string;
};
/**
 * An error answer from Herald (or no answer at all): `status` is the HTTP status (0 when the request
 * never got one), `code` the stable `error_code` to branch on, `errors` the invalid fields of a 400.
 */
export declare class HeraldError extends Error {
    readonly status: number;
    readonly code: string;
    readonly errors: FieldError[];
    readonly requestId: string | null;
    readonly name = "HeraldError";
    constructor(message: string, status: number, code: string, errors?: FieldError[], requestId?: string | null, options?: {
        cause?: unknown;
    });
    /** The message of the first error on `field`, if the API named it. */
    fieldError(field: string): string | undefined;
    static fromResponse(response: Response, body: unknown): HeraldError;
    static network(cause: unknown): HeraldError;
}
