// Request schemas of /api/v1/topics (the response schemas sit beside their serializers).
import { z } from "zod";
import { pageQuery } from "../http/validation";
import { externalIdSchema } from "../users/schema";

export const MAX_TOPIC_KEY = 128;
export const MAX_TOPIC_NAME = 200;
/** One subscribe or unsubscribe call names at most this many users, as one send does. */
export const MAX_TOPIC_USERS_PER_CALL = 10_000;

export const topicKeySchema = z
  .string()
  .regex(new RegExp(`^[a-z0-9_.:-]{1,${MAX_TOPIC_KEY}}$`), {
    message: `must be 1 to ${MAX_TOPIC_KEY} characters of a-z, 0-9, _ . : -`,
  })
  .meta({ description: "Your own name for the topic, unique in the tenant", example: "project-42" });

export const topicKeyParams = z.object({ key: topicKeySchema });

export const topicSaveSchema = z.strictObject({
  name: z
    .string({ message: "must be a string" })
    .trim()
    .min(1, { message: "must not be empty" })
    .max(MAX_TOPIC_NAME, { message: `must be at most ${MAX_TOPIC_NAME} characters` }),
});
export type TopicSaveInput = z.infer<typeof topicSaveSchema>;

export const topicListQuery = z.object({
  ...pageQuery,
  q: z
    .string()
    .max(200, { message: "must be at most 200 characters" })
    .optional()
    .meta({ description: "Matches part of the key or the name, ignoring case" }),
});
export type TopicListQuery = z.infer<typeof topicListQuery>;

export const topicUsersSchema = z.strictObject({
  user_ids: z
    .array(externalIdSchema, { message: "must be a list of user ids" })
    .min(1, { message: "must name at least one user" })
    .max(MAX_TOPIC_USERS_PER_CALL, { message: `must name at most ${MAX_TOPIC_USERS_PER_CALL} users` }),
});

export const subscriberListQuery = z.object({
  page_size: pageQuery.page_size,
  cursor: z.string().max(200).optional().meta({ description: "The `next_cursor` of the previous page" }),
});
export type SubscriberListQuery = z.infer<typeof subscriberListQuery>;

export const userTopicsQuery = z.object(pageQuery);
