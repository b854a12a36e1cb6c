// The JSON shapes of topics and their subscriber pages, with the schemas the API documents them by.
import { z } from "zod";
import type { topics } from "../db/schema";
import { pageFields } from "../http/validation";
import { userSchema } from "../users/schema";

export type Topic = typeof topics.$inferSelect;

const dateTime = z.iso.datetime({ offset: true });

export const topicSchema = z
  .object({
    id: z.uuid().meta({ description: "Herald's id (the audit log names topics by it)" }),
    key: z.string().meta({ description: "Your own name for the topic; triggers address it by this" }),
    name: z.string(),
    created_at: dateTime,
    updated_at: dateTime,
  })
  .meta({ id: "Topic" });

export function topicJson(t: Topic): z.input<typeof topicSchema> {
  return {
    id: t.id,
    key: t.key,
    name: t.name,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

export const topicPageSchema = z.object({ topics: z.array(topicSchema), ...pageFields });

export const subscriberPageSchema = z.object({
  subscribers: z.array(userSchema),
  next_cursor: z
    .string()
    .nullable()
    .meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
});

export const subscribeResultSchema = z.object({
  added: z.number().int().meta({ description: "Users subscribed by this call" }),
  already: z.number().int().meta({ description: "Users named that were subscribed already" }),
});

export const unsubscribeResultSchema = z.object({
  removed: z.number().int().meta({ description: "Subscriptions removed (ids not subscribed count nothing)" }),
});
