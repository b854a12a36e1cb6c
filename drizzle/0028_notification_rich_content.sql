ALTER TABLE "notifications" ADD COLUMN "actions" jsonb;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "image_url" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "avatar" text;