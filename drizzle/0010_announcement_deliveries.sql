ALTER TABLE "deliveries" ALTER COLUMN "notification_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "announcement_id" uuid;--> statement-breakpoint
ALTER TABLE "announcements" ADD COLUMN "fanout_status" text;--> statement-breakpoint
ALTER TABLE "announcements" ADD COLUMN "fanout_cursor" uuid;--> statement-breakpoint
ALTER TABLE "announcements" ADD COLUMN "fanout_finished_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_announcement_user_channel_key" ON "deliveries" USING btree ("announcement_id","user_id","channel") WHERE "deliveries"."announcement_id" is not null;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_source_check" CHECK (num_nonnulls("deliveries"."notification_id", "deliveries"."announcement_id") = 1);