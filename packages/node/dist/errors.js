/**
 * An error answer from Herald (or no answer at all): `status` is the HTTP status (0 when the request
 * never got one), `code` the stable `error_code` to branch on, `errors` the invalid fields of a 400.
 */
export class HeraldError extends Error {
    status;
    code;
    errors;
    requestId;
    name = "HeraldError";
    constructor(message, status, code, errors = [], requestId = null, options) {
        super(message, options);
        this.status = status;
        this.code = code;
        this.errors = errors;
        this.requestId = requestId;
    }
    /** The message of the first error on `field`, if the API named it. */
    fieldError(field) {
        return this.errors.find((e) => e.field === field)?.message;
    }
    static fromResponse(response, body) {
        const envelope = (typeof body === "object" && body !== null ? body : {});
        const message = typeof envelope.message === "string" ? envelope.message : `HTTP ${response.status} ${response.statusText}`;
        const code = typeof envelope.error_code === "string" ? envelope.error_code : `http_${response.status}`;
        const errors = Array.isArray(envelope.errors)
            ? envelope.errors.filter((e) => typeof e === "object" && e !== null && typeof e.field === "string" && typeof e.message === "string")
            : [];
        return new HeraldError(message, response.status, code, errors, response.headers.get("x-request-id"));
    }
    static network(cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        return new HeraldError(`Herald did not answer: ${reason}`, 0, "network_error", [], null, { cause });
    }
}
//# sourceMappingURL=errors.js.map