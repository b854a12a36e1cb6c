DROP INDEX "templates_tenant_code_key";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "template_params" jsonb;--> statement-breakpoint
ALTER TABLE "template_versions" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "template_versions" ADD COLUMN "default_locale" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "templates_tenant_code_key" ON "templates" USING btree ("tenant_id","code") WHERE "templates"."deleted_at" is null;