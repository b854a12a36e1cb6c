// The topics pages' model: the API's shapes, the create form checked by the API's own key and name
// schemas, and subscribing many ids in requests the API accepts.
import type { z } from "zod";
import { apiFetch } from "@/lib/http/api-client";
import { MAX_TOPIC_USERS_PER_CALL, topicKeyParams, topicSaveSchema } from "@/lib/topics/schema";
import type { subscribeResultSchema, topicSchema } from "@/lib/topics/serialize";
import { requestResolver } from "@/components/admin/shared/request-resolver";
import { chunk } from "@/components/admin/shared/recipients";

export type TopicJson = z.input<typeof topicSchema>;
export type TopicPage = { topics: TopicJson[]; total: number; page: number; total_pages: number };
type SubscribeResult = z.infer<typeof subscribeResultSchema>;

export const TOPICS_API = "/api/v1/topics";
export const topicPath = (key: string) => `${TOPICS_API}/${encodeURIComponent(key)}`;
export const subscribersPath = (key: string) => `${topicPath(key)}/subscribers`;

export type TopicForm = { key: string; name: string };

/** PUT /topics/{key} takes the key in the path and the name in the body: both checked as the API does. */
export const topicResolver = requestResolver<TopicForm>(
  topicKeyParams.extend(topicSaveSchema.shape),
  (form) => ({ key: form.key.trim(), name: form.name }),
);

/** Subscribes the ids, at most the API's limit per request; the counts summed over the requests. */
export async function subscribe(key: string, ids: readonly string[]): Promise<SubscribeResult> {
  const total = { added: 0, already: 0 };
  for (const part of chunk(ids, MAX_TOPIC_USERS_PER_CALL)) {
    const r = await apiFetch<SubscribeResult>(subscribersPath(key), {
      method: "POST",
      body: { user_ids: part },
    });
    total.added += r.added;
    total.already += r.already;
  }
  return total;
}
