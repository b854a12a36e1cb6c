// The tenant's named chat targets (a team's Slack channel, a DingTalk group): /api/v1/chat-targets.
import { z } from "zod";
import { actorOf } from "../../auth/caller";
import {
  chatTargetCreateSchema,
  chatTargetKeyParams,
  chatTargetSchema,
  chatTargetUpdateSchema,
} from "../../chat/schema";
import {
  chatTargetJson,
  createChatTarget,
  deleteChatTarget,
  getChatTarget,
  listChatTargets,
  updateChatTarget,
} from "../../chat/store";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.administration;
const keyPath = "/api/v1/chat-targets/{key}";

const list = endpoint(
  {
    method: "get",
    path: "/api/v1/chat-targets",
    id: "listChatTargets",
    summary: "List chat targets",
    tag,
    auth: "admin",
    data: z.object({ chat_targets: z.array(chatTargetSchema) }),
  },
  async ({ db, caller }) => ({
    data: { chat_targets: (await listChatTargets(db, caller.tenantId)).map(chatTargetJson) },
  }),
);

const create = endpoint(
  {
    method: "post",
    path: "/api/v1/chat-targets",
    id: "createChatTarget",
    summary: "Add a chat target",
    description:
      "A named chat destination sends and workflow chat steps address by `key` (`chat_targets: [\"ops-room\"]`). `provider` slack takes `webhook_url` (an incoming webhook) or `channel` (a channel id, sent by the tenant's slack_bot integration); teams and wecom `webhook_url`; dingtalk and feishu `webhook_url` and an optional signing `secret`. Each webhook URL must be the app's own (hooks.slack.com, *.webhook.office.com, *.logic.azure.com, *.powerplatform.com, oapi.dingtalk.com, qyapi.weixin.qq.com, open.feishu.cn, open.larksuite.com). The URL and secret are stored sealed and never returned.",
    tag,
    auth: "admin",
    body: chatTargetCreateSchema,
    data: chatTargetSchema,
    message: "Chat target created",
    status: 201,
  },
  async ({ db, caller, body }) => ({
    data: chatTargetJson(await createChatTarget(db, caller.tenantId, body, actorOf(caller))),
  }),
);

const get = endpoint(
  {
    method: "get",
    path: keyPath,
    id: "getChatTarget",
    summary: "Get a chat target",
    tag,
    auth: "admin",
    params: chatTargetKeyParams,
    data: chatTargetSchema,
  },
  async ({ db, caller, params }) => ({
    data: chatTargetJson(await getChatTarget(db, caller.tenantId, params.key)),
  }),
);

const update = endpoint(
  {
    method: "put",
    path: keyPath,
    id: "updateChatTarget",
    summary: "Change a chat target",
    description:
      "Partial: omitted fields stay. A new `webhook_url` drops the stored `secret` unless it is given again; `secret: null` removes it.",
    tag,
    auth: "admin",
    params: chatTargetKeyParams,
    body: chatTargetUpdateSchema,
    data: chatTargetSchema,
    message: "Chat target saved",
  },
  async ({ db, caller, params, body }) => ({
    data: chatTargetJson(await updateChatTarget(db, caller.tenantId, params.key, body, actorOf(caller))),
  }),
);

const remove = endpoint(
  {
    method: "delete",
    path: keyPath,
    id: "deleteChatTarget",
    summary: "Delete a chat target",
    description: "Queued deliveries that name it post to their other destinations only.",
    tag,
    auth: "admin",
    params: chatTargetKeyParams,
    data: z.null(),
    message: "Chat target deleted",
  },
  async ({ db, caller, params }) => {
    await deleteChatTarget(db, caller.tenantId, params.key, actorOf(caller));
    return { data: null };
  },
);

export const chatTargetsEndpoints: Endpoint[] = [list, create, get, update, remove];
