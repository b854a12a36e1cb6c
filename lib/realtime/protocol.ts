// The realtime contract: its types live with the browser client (@herald/js, packages/js), which
// the server gateways share; the server adds the schema it validates `sync` requests with.
import { z } from "zod";

export type {
  Ack,
  AckError,
  AckOk,
  ClientEvents,
  PlainFrame,
  RevokeReason,
  ServerEvents,
  SyncEvent,
  SyncPage,
} from "../../packages/js/src/realtime/protocol";

export const syncRequest = z.object({
  after: z.number().int().min(0),
  limit: z.number().int().min(1).max(500).default(200),
});
