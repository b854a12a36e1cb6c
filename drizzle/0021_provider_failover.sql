CREATE TABLE "delivery_attempts" (
	"id" uuid PRIMARY KEY DEFAULT herald_uuidv7() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"delivery_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"provider" text NOT NULL,
	"integration_id" uuid,
	"outcome" text NOT NULL,
	"error_code" text,
	"error_message" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "provider_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "chain_position" integer;--> statement-breakpoint
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_delivery_id_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delivery_attempts_delivery_idx" ON "delivery_attempts" USING btree ("delivery_id","attempt");--> statement-breakpoint
CREATE INDEX "delivery_attempts_integration_failed_idx" ON "delivery_attempts" USING btree ("integration_id","ended_at" DESC NULLS LAST) WHERE "delivery_attempts"."outcome" <> 'sent';--> statement-breakpoint
-- Each channel's default integration becomes the head of its failover chain.
UPDATE "integrations" SET "chain_position" = 0 WHERE "is_default" AND "deleted_at" IS NULL;
