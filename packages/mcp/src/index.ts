export { createHeraldMcpServer, VERSION } from "./server.ts";
