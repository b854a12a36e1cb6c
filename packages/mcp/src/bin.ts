#!/usr/bin/env node
// herald-mcp: Herald's MCP server on stdio. HERALD_API_KEY is the API key, HERALD_URL where Herald answers.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { Herald } from "@herald/node";
import { createHeraldMcpServer } from "./server.ts";

const apiKey = process.env.HERALD_API_KEY;
const baseUrl = process.env.HERALD_URL ?? "http://localhost:3000";
if (!apiKey) {
  // stdout is the protocol's channel: people read stderr.
  console.error(
    "herald-mcp: set HERALD_API_KEY to a Herald API key (and HERALD_URL to where Herald answers)",
  );
  process.exit(1);
}

const server = createHeraldMcpServer(new Herald({ apiKey, baseUrl }));
await server.connect(new StdioServerTransport());
