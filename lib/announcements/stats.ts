// Read figures of one announcement for the console: how many people in its audience have read or
// dismissed it, out of how many it is for. Fan-out on read means the audience is never stored per
// user, so its size is counted from the users table the same way the audience predicate matches.
import { and, count, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { announcementReads, users } from "../db/schema";
import { inAudienceSql } from "./audience";
import { getAnnouncement } from "./lifecycle";

export const announcementStatsSchema = z
  .object({
    announcement_id: z.uuid(),
    audience: z.number().int().meta({ description: "People currently in the audience (live accounts)" }),
    read: z
      .number()
      .int()
      .meta({ description: "Of them, how many have read it (dismissing counts as reading)" }),
    dismissed: z.number().int().meta({ description: "Of them, how many have dismissed it" }),
  })
  .meta({ id: "AnnouncementStats" });
export type AnnouncementStats = z.infer<typeof announcementStatsSchema>;

export async function announcementStats(db: Db, tenantId: string, id: string): Promise<AnnouncementStats> {
  const row = await getAnnouncement(db, tenantId, id);
  const inAudience = and(
    eq(users.tenantId, tenantId),
    isNull(users.deletedAt),
    inAudienceSql(row.audience, users.externalId, users.role),
  );
  const [[audience], [acted]] = await Promise.all([
    db.select({ n: count() }).from(users).where(inAudience),
    // Receipts of people who have since left the audience (or were deleted) are not counted: the
    // figures are "x of the y it is for now".
    db
      .select({
        read: sql<number>`count(*) filter (where ${announcementReads.readAt} is not null)`.mapWith(Number),
        dismissed: sql<number>`count(*) filter (where ${announcementReads.dismissedAt} is not null)`.mapWith(
          Number,
        ),
      })
      .from(announcementReads)
      .innerJoin(users, eq(users.id, announcementReads.userId))
      .where(
        and(eq(announcementReads.tenantId, tenantId), eq(announcementReads.announcementId, id), inAudience),
      ),
  ]);
  return { announcement_id: id, audience: audience!.n, read: acted!.read, dismissed: acted!.dismissed };
}
