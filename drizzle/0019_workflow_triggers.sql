CREATE TABLE "workflow_triggers" (
	"id" uuid PRIMARY KEY DEFAULT herald_uuidv7() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"actor_user_id" uuid,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cancellation_key" text,
	"topic_id" uuid,
	"topic" text,
	"exclude_actor" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"cursor" uuid,
	"runs_created" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "workflow_triggers" ADD CONSTRAINT "workflow_triggers_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_triggers" ADD CONSTRAINT "workflow_triggers_version_id_workflow_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."workflow_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workflow_triggers_cancel_idx" ON "workflow_triggers" USING btree ("tenant_id","workflow_id","cancellation_key") WHERE "workflow_triggers"."cancellation_key" is not null and "workflow_triggers"."status" = 'fanning_out';--> statement-breakpoint
CREATE INDEX "workflow_triggers_fanning_out_idx" ON "workflow_triggers" USING btree ("updated_at") WHERE "workflow_triggers"."status" = 'fanning_out';--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_runs_trigger_user_key" ON "workflow_runs" USING btree ("trigger_id","user_id");