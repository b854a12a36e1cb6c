// Topics: named groups of users, their subscribers, and a user's topics.
import { z } from "zod";
import { actorOf } from "../../auth/caller";
import { pageOf } from "../../http/validation";
import {
  MAX_TOPIC_USERS_PER_CALL,
  subscriberListQuery,
  topicKeyParams,
  topicListQuery,
  topicSaveSchema,
  topicUsersSchema,
  userTopicsQuery,
} from "../../topics/schema";
import {
  subscriberPageSchema,
  subscribeResultSchema,
  topicJson,
  topicPageSchema,
  topicSchema,
  unsubscribeResultSchema,
} from "../../topics/serialize";
import {
  addSubscribers,
  deleteTopic,
  getTopic,
  listSubscribers,
  listTopics,
  listUserTopics,
  removeSubscribers,
  saveTopic,
} from "../../topics/store";
import { userIdParams } from "../../users/schema";
import { userJson } from "../../users/service";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.topics;
const perCall = MAX_TOPIC_USERS_PER_CALL.toLocaleString("en");

const list = endpoint(
  {
    method: "get",
    path: "/api/v1/topics",
    id: "listTopics",
    summary: "List topics",
    description: "By key. `q` matches part of the key or the name.",
    tag,
    auth: "service",
    scope: "topics:read",
    query: topicListQuery,
    data: topicPageSchema,
  },
  async ({ db, caller, query }) => {
    const { rows, total } = await listTopics(db, caller.tenantId, query);
    return { data: { topics: rows.map(topicJson), ...pageOf(total, query.page, query.page_size) } };
  },
);

const save = endpoint(
  {
    method: "put",
    path: "/api/v1/topics/{key}",
    id: "saveTopic",
    summary: "Create or rename a topic",
    description:
      "A new key is created (201); an existing one takes the new name (200). The key itself never changes: triggers address the topic by it.",
    tag,
    auth: "service",
    scope: "topics:write",
    params: topicKeyParams,
    body: topicSaveSchema,
    data: topicSchema,
    message: "Topic created",
    status: 201,
    updated: "Topic saved",
    errors: [409],
  },
  async ({ db, caller, params, body }) => {
    const { topic, created } = await saveTopic(db, caller.tenantId, params.key, body.name, actorOf(caller));
    return { data: topicJson(topic), status: created ? 201 : 200 };
  },
);

const getOne = endpoint(
  {
    method: "get",
    path: "/api/v1/topics/{key}",
    id: "getTopic",
    summary: "Get a topic",
    tag,
    auth: "service",
    scope: "topics:read",
    params: topicKeyParams,
    data: topicSchema,
  },
  async ({ db, caller, params }) => ({ data: topicJson(await getTopic(db, caller.tenantId, params.key)) }),
);

const remove = endpoint(
  {
    method: "delete",
    path: "/api/v1/topics/{key}",
    id: "deleteTopic",
    summary: "Delete a topic",
    description: "Its subscriptions go with it; the key is free again.",
    tag,
    auth: "service",
    scope: "topics:write",
    params: topicKeyParams,
    data: z.null(),
    message: "Topic deleted",
  },
  async ({ db, caller, params }) => {
    await deleteTopic(db, caller.tenantId, params.key, actorOf(caller));
    return { data: null };
  },
);

const subscribe = endpoint(
  {
    method: "post",
    path: "/api/v1/topics/{key}/subscribers",
    id: "addTopicSubscribers",
    summary: "Subscribe users to a topic",
    description: `Up to ${perCall} \`user_ids\` per call. An id the tenant has no user for creates that user, as a send does, so a service can subscribe people before it first notifies them. A deleted user is a 400 naming its \`user_ids.<index>\`, and then nothing is written. Naming someone subscribed already is no error: \`already\` counts them.`,
    tag,
    auth: "service",
    scope: "topics:write",
    params: topicKeyParams,
    body: topicUsersSchema,
    data: subscribeResultSchema,
    message: "Subscribers added",
  },
  async ({ db, caller, params, body }) => ({
    data: await addSubscribers(db, caller.tenantId, params.key, body.user_ids, actorOf(caller)),
  }),
);

const unsubscribe = endpoint(
  {
    method: "delete",
    path: "/api/v1/topics/{key}/subscribers",
    id: "removeTopicSubscribers",
    summary: "Unsubscribe users from a topic",
    description: `Up to ${perCall} \`user_ids\` per call; ids that are unknown or not subscribed are skipped (\`removed\` counts what was).`,
    tag,
    auth: "service",
    scope: "topics:write",
    params: topicKeyParams,
    body: topicUsersSchema,
    data: unsubscribeResultSchema,
    message: "Subscribers removed",
  },
  async ({ db, caller, params, body }) => ({
    data: await removeSubscribers(db, caller.tenantId, params.key, body.user_ids, actorOf(caller)),
  }),
);

const subscribers = endpoint(
  {
    method: "get",
    path: "/api/v1/topics/{key}/subscribers",
    id: "listTopicSubscribers",
    summary: "List a topic's subscribers",
    description:
      "The subscribers as users, in a stable order (the one a trigger fans out in); follow `next_cursor` until it is null to see each exactly once.",
    tag,
    auth: "service",
    scope: "topics:read",
    params: topicKeyParams,
    query: subscriberListQuery,
    data: subscriberPageSchema,
  },
  async ({ db, caller, params, query }) => {
    const page = await listSubscribers(db, caller.tenantId, params.key, query);
    return { data: { subscribers: page.users.map(userJson), next_cursor: page.nextCursor } };
  },
);

const userTopics = endpoint(
  {
    method: "get",
    path: "/api/v1/users/{user_id}/topics",
    id: "listUserTopics",
    summary: "The topics a user is subscribed to",
    description: "By key. An unknown or deleted user is a 404.",
    tag,
    auth: "service",
    scope: "topics:read",
    params: userIdParams,
    query: userTopicsQuery,
    data: topicPageSchema,
  },
  async ({ db, caller, params, query }) => {
    const { rows, total } = await listUserTopics(db, caller.tenantId, params.user_id, query);
    return { data: { topics: rows.map(topicJson), ...pageOf(total, query.page, query.page_size) } };
  },
);

export const topicsEndpoints: Endpoint[] = [
  list,
  save,
  getOne,
  remove,
  subscribe,
  unsubscribe,
  subscribers,
  userTopics,
];
