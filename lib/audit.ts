import type { Executor } from "./db/client";
import { auditLog } from "./db/schema";

export type Actor = { type: "user" | "api_key" | "system"; id: string | null };

/** Records who changed what; written in the same transaction as the change. */
export async function audit(
  db: Executor,
  tenantId: string,
  actor: Actor,
  action: string,
  target?: { type: string; id: string },
  data: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(auditLog).values({
    tenantId,
    actorType: actor.type,
    actorId: actor.id,
    action,
    targetType: target?.type,
    targetId: target?.id,
    data,
  });
}
