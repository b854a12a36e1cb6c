import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { ts } from "./_columns";

/** Counters for rate-limiter-flexible's Drizzle store, shared by every node on PostgreSQL. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull(),
  expire: ts("expire"),
});
