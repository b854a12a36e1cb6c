// Column helpers shared by every table: ids, tenant scoping and timezone-aware timestamps.
import { sql } from "drizzle-orm";
import { timestamp, uuid } from "drizzle-orm/pg-core";

export const id = () =>
  uuid("id")
    .primaryKey()
    .default(sql`gen_random_uuid()`);
/** For high-volume tables: time-ordered ids keep primary-key inserts at the index's right edge. */
export const timeOrderedId = () =>
  uuid("id")
    .primaryKey()
    .default(sql`herald_uuidv7()`);
export const tenantId = () => uuid("tenant_id").notNull();
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
export const createdAt = () => ts("created_at").notNull().defaultNow();
export const updatedAt = () =>
  ts("updated_at")
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const deletedAt = () => ts("deleted_at");
