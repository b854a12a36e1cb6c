ALTER TABLE "preferences" ADD COLUMN "workflows" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "preferences" ADD COLUMN "categories" jsonb DEFAULT '{}'::jsonb NOT NULL;