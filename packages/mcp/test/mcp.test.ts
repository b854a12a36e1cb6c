// herald-mcp as an assistant's host runs it: a child process on stdio (the built bin), against a
// live Herald, driven by the SDK's own client.
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHerald, type LiveHerald } from "../../herald-server.ts";

const bin = path.resolve(import.meta.dirname, "../dist/bin.js");
const textOf = (result: unknown) =>
  (result as CallToolResult).content.map((c) => (c.type === "text" ? c.text : "")).join("");

describe("herald-mcp over stdio", () => {
  let live: LiveHerald;
  let client: Client;
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(live.url + path, {
      ...init,
      headers: { Authorization: `Bearer ${live.apiKey}`, "content-type": "application/json" },
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    live = await startHerald();
    client = new Client({ name: "herald-mcp-test", version: "0.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [bin],
        env: { PATH: process.env.PATH ?? "", HERALD_API_KEY: live.apiKey, HERALD_URL: live.url },
        stderr: "pipe",
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await live?.stop();
  });

  it("lists its tools, each with a JSON Schema for its arguments", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "get_template",
      "list_deliveries",
      "list_templates",
      "send_notification",
      "trigger_workflow",
    ]);
    const send = tools.find((t) => t.name === "send_notification")!;
    expect(send.inputSchema.required).toEqual(["user_ids"]);
    expect(Object.keys(send.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["user_ids", "title", "content", "channels", "template_code"]),
    );
  });

  it("sends a notification the user then has in their inbox", async () => {
    const result = await client.callTool({
      name: "send_notification",
      arguments: { user_ids: ["mcp-gus"], title: "From the assistant", content: "Deploy done" },
    });
    expect(result.isError).toBeFalsy();
    const sent = JSON.parse(textOf(result));
    expect(sent.count).toBe(1);
    const id = sent.notifications[0].id;

    const { status, body } = await api(`/api/v1/notifications/${id}`);
    expect(status).toBe(200);
    expect(body.data.notification).toMatchObject({ user_id: "mcp-gus", title: "From the assistant" });

    const deliveries = JSON.parse(
      textOf(await client.callTool({ name: "list_deliveries", arguments: { user_id: "mcp-gus" } })),
    );
    expect(Array.isArray(deliveries.deliveries)).toBe(true);
  });

  it("answers the API's refusal as a tool error naming the field", async () => {
    const result = await client.callTool({
      name: "trigger_workflow",
      arguments: { workflow_key: "no-such-workflow", to: ["mcp-gus"] },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^404 not_found/);

    const bad = await client.callTool({ name: "send_notification", arguments: { user_ids: [] } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/user_ids/);
  });

  it("reads templates: a list and one by id", async () => {
    const created = await api("/api/v1/notifications/templates", {
      method: "POST",
      body: JSON.stringify({
        code: "mcp-welcome",
        name: "Welcome",
        type: "info",
        title: "Hi {{name}}",
        content: "Welcome, {{name}}",
      }),
    });
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
    const list = JSON.parse(textOf(await client.callTool({ name: "list_templates", arguments: {} })));
    const found = list.templates.find((t: { code: string }) => t.code === "mcp-welcome");
    expect(found).toBeTruthy();
    const one = JSON.parse(
      textOf(await client.callTool({ name: "get_template", arguments: { template_id: found.id } })),
    );
    expect(one).toMatchObject({ code: "mcp-welcome" });
  });
});
