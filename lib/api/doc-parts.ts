// Pieces the endpoint declarations share in the OpenAPI document: tags, the envelopes and headers.
import { z } from "zod";
import { ERROR_CODES } from "../errors";

export const TAG = {
  notifications: "Notifications",
  templates: "Templates",
  users: "Users",
  administration: "Administration",
  announcements: "Announcements",
  preferences: "Preferences",
  push: "Push",
  webhooks: "Webhooks",
  webhookEndpoints: "Outbound webhooks",
  workflows: "Workflows",
  topics: "Topics",
  schedules: "Schedules",
} as const;

export const errorSchema = z
  .object({
    code: z.number().int().meta({ description: "The HTTP status, repeated", example: 400 }),
    message: z.string().meta({ example: "Invalid user_ids" }),
    error_code: z.enum(ERROR_CODES).meta({
      description: "A stable code to branch on: the message is for people and may change",
      example: "invalid",
    }),
    errors: z
      .array(
        z.object({
          field: z.string().meta({ example: "user_ids" }),
          message: z.string().meta({ example: "must name at least one user" }),
        }),
      )
      .optional()
      .meta({ description: "One entry per invalid field (validation errors only)" }),
  })
  .meta({ id: "Error", description: "The error envelope" });

/** The success envelope around a response's `data`. */
export function envelope(data: z.ZodType, message = "Success") {
  return z.object({
    code: z.number().int().meta({ description: "The HTTP status, repeated", example: 200 }),
    message: z.string().meta({ example: message }),
    data,
  });
}

/** The Idempotency-Key header, read by hand (readIdempotencyKey), so described here. */
export const idempotencyHeader = z.object({
  "Idempotency-Key": z.string().min(1).max(255).optional().meta({
    description:
      "Replays the first response when the same key and body come again within 24 h; a different body is 422, a request still running with it is 409",
  }),
});

/** A CSV download instead of the envelope. */
export const csvDownload = (what: string) => ({
  description: `${what} as CSV (UTF-8 with a BOM, CRLF lines). Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are prefixed with '.`,
  content: { "text/csv": { schema: z.string() } },
});
