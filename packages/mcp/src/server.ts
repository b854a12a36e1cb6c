// Herald's tools for an assistant, over @herald/node: each tool is one API call, its arguments
// checked by a zod schema the client sees as JSON Schema, its answer the API's data as JSON.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { Herald, HeraldError } from "@herald/node";
import { z } from "zod";

const CHANNELS = ["app", "email", "sms", "push", "wechat"] as const;
const userId = z.string().min(1).max(255).describe("A user's user_id (your app's id for them)");

function answer(data: unknown): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(data, null, 2) }] };
}

/** API errors come back as the tool's error result, naming the fields, so the model can fix its call. */
async function run(call: () => Promise<unknown>): Promise<CallToolResult> {
  try {
    return answer(await call());
  } catch (err) {
    if (!(err instanceof HeraldError)) throw err;
    const fields = err.errors.map((e) => `\n- ${e.field}: ${e.message}`).join("");
    return {
      isError: true,
      content: [{ type: "text", text: `${err.status} ${err.code}: ${err.message}${fields}` }],
    };
  }
}

export const VERSION = "0.1.0";

export function createHeraldMcpServer(herald: Herald): McpServer {
  const server = new McpServer({ name: "herald", version: VERSION });

  server.registerTool(
    "send_notification",
    {
      title: "Send a notification",
      description:
        "Sends a notification to one or more users: a title and content, or a template_code with params. Unknown user_ids are created. Returns the notifications written and the batch id.",
      inputSchema: {
        user_ids: z.array(userId).min(1).max(1000),
        title: z.string().min(1).optional().describe("Required unless template_code is given"),
        content: z.string().optional().describe("Required unless template_code is given"),
        type: z.enum(["system", "info", "warning", "error"]).default("info"),
        priority: z.enum(["low", "normal", "high", "urgent"]).optional(),
        channels: z.array(z.enum(CHANNELS)).min(1).optional().describe('Default ["app"] (the in-app inbox)'),
        template_code: z
          .string()
          .optional()
          .describe("Send a template (see list_templates) instead of title/content"),
        params: z.record(z.string(), z.unknown()).optional().describe("The template's variables"),
        schedule_at: z.iso
          .datetime({ offset: true })
          .optional()
          .describe("Send later, at this ISO 8601 time"),
      },
      annotations: { destructiveHint: false, idempotentHint: false },
    },
    (args) => run(() => herald.notifications.send(args)),
  );

  server.registerTool(
    "trigger_workflow",
    {
      title: "Trigger a workflow",
      description:
        "Starts a workflow (its steps: channels, delays, digests) for recipients, with a payload the steps read.",
      inputSchema: {
        workflow_key: z.string().min(1).describe("The workflow's key"),
        to: z.array(userId).min(1).max(10_000).describe("Recipients' user_ids"),
        payload: z.record(z.string(), z.unknown()).optional().describe("What the steps read as `payload`"),
        actor: userId.optional().describe("The user_id of who caused the event"),
        cancellation_key: z.string().min(1).max(255).optional(),
      },
      annotations: { destructiveHint: false, idempotentHint: false },
    },
    ({ workflow_key, ...body }) => run(() => herald.workflows.trigger(workflow_key, body)),
  );

  server.registerTool(
    "list_deliveries",
    {
      title: "List delivery logs",
      description:
        "The delivery log, newest first: one row per channel attempt (email, SMS, push, …) with its status, provider and error. Pass next_cursor back as cursor for the next page.",
      inputSchema: {
        notification_id: z.uuid().optional(),
        user_id: userId.optional(),
        channel: z.enum(CHANNELS).optional(),
        status: z
          .enum(["queued", "sending", "sent", "delivered", "bounced", "failed", "skipped", "cancelled"])
          .optional(),
        template: z
          .string()
          .optional()
          .describe("Only deliveries of notifications sent from this template code"),
        page_size: z.number().int().min(1).max(100).optional(),
        cursor: z.string().optional(),
      },
      annotations: { readOnlyHint: true },
    },
    (query) => run(() => herald.deliveries.list(query)),
  );

  server.registerTool(
    "list_templates",
    {
      title: "List templates",
      description: "Notification templates (code, name, channels, variables), paged.",
      inputSchema: {
        search: z.string().max(100).optional(),
        page: z.number().int().min(1).optional(),
        page_size: z.number().int().min(1).max(100).optional(),
      },
      annotations: { readOnlyHint: true },
    },
    (query) => run(() => herald.templates.list(query)),
  );

  server.registerTool(
    "get_template",
    {
      title: "Get a template",
      description: "One template with its content per channel and locale and the variables it expects.",
      inputSchema: { template_id: z.string().min(1).describe("The template's id or code") },
      annotations: { readOnlyHint: true },
    },
    ({ template_id }) => run(() => herald.templates.get(template_id)),
  );

  return server;
}
