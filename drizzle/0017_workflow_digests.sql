CREATE TABLE "workflow_digests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"key" text NOT NULL,
	"step_index" integer NOT NULL,
	"status" text NOT NULL,
	"owner_run_id" uuid NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"event_count" integer NOT NULL,
	"events" jsonb NOT NULL,
	"first_event" jsonb NOT NULL,
	"last_event" jsonb NOT NULL,
	"closed_at" timestamp with time zone,
	"close_reason" text
);
--> statement-breakpoint
CREATE TABLE "workflow_throttle_passes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"step_id" text NOT NULL,
	"key" text NOT NULL,
	"run_id" uuid NOT NULL,
	"passed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workflow_digests" ADD CONSTRAINT "workflow_digests_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_digests" ADD CONSTRAINT "workflow_digests_owner_run_id_workflow_runs_id_fk" FOREIGN KEY ("owner_run_id") REFERENCES "public"."workflow_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_throttle_passes" ADD CONSTRAINT "workflow_throttle_passes_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_digests_open_idx" ON "workflow_digests" USING btree ("tenant_id","workflow_id","user_id","step_id","key") WHERE "workflow_digests"."status" = 'open';--> statement-breakpoint
CREATE INDEX "workflow_digests_owner_idx" ON "workflow_digests" USING btree ("owner_run_id");--> statement-breakpoint
CREATE INDEX "workflow_throttle_passes_key_idx" ON "workflow_throttle_passes" USING btree ("tenant_id","workflow_id","user_id","step_id","key","passed_at");