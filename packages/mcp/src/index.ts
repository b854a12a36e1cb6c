export { createHeraldMcpServer, VERSION } from "./server.js";
