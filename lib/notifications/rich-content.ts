// The send request's rich content (action buttons, an image, the actor's avatar) and its rules.
import { z } from "zod";
import {
  actionStyles,
  isSafeActionUrl,
  isSafeImageUrl,
  MAX_ACTION_ID,
  MAX_ACTION_LABEL,
  MAX_ACTIONS,
  MAX_IMAGE_URL,
} from "../vocabulary/actions";

const imageUrl = z
  .string({ message: "must be a string" })
  .max(MAX_IMAGE_URL, { message: `must be at most ${MAX_IMAGE_URL} characters` })
  .refine(isSafeImageUrl, { message: "must be an https URL" });

export const actionSchema = z
  .strictObject({
    id: z
      .string({ message: "must be a string" })
      .min(1, { message: "must not be empty" })
      .max(MAX_ACTION_ID, { message: `must be at most ${MAX_ACTION_ID} characters` }),
    label: z
      .string({ message: "must be a string" })
      .trim()
      .min(1, { message: "must not be empty" })
      .max(MAX_ACTION_LABEL, { message: `must be at most ${MAX_ACTION_LABEL} characters` }),
    url: z
      .string({ message: "must be a string" })
      .refine((u) => isSafeActionUrl(u), {
        message: "must be an http(s) URL or a relative path on this site",
      })
      .optional()
      .meta({
        description: "Followed after the click is recorded; without it the host app answers the action",
      }),
    style: z
      .enum(actionStyles, { message: `must be one of ${actionStyles.join(", ")}` })
      .default("secondary"),
  })
  .meta({ id: "NotificationAction" });

export const richContentFields = {
  actions: z
    .array(actionSchema, { message: "must be a list of actions" })
    .max(MAX_ACTIONS, { message: `must be at most ${MAX_ACTIONS} actions` })
    .superRefine((actions, ctx) => {
      const seen = new Set<string>();
      actions.forEach((a, i) => {
        if (seen.has(a.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: "is already used" });
        seen.add(a.id);
      });
    })
    .optional()
    .meta({ description: `Up to ${MAX_ACTIONS} buttons the inbox shows under the notification` }),
  image_url: imageUrl.optional().meta({ description: "An image shown with the notification (https only)" }),
  avatar: imageUrl.optional().meta({ description: "The actor's avatar image (https only)" }),
};

export type ActionInput = z.infer<typeof actionSchema>;
