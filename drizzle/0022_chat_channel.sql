CREATE TABLE "chat_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"provider" text NOT NULL,
	"channel" text,
	"secrets_encrypted" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "chat_encrypted" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "chat_targets" text[];--> statement-breakpoint
ALTER TABLE "chat_targets" ADD CONSTRAINT "chat_targets_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "chat_targets_tenant_key" ON "chat_targets" USING btree ("tenant_id","key");