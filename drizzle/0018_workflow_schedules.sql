CREATE TABLE "workflow_schedule_slots" (
	"id" uuid PRIMARY KEY DEFAULT herald_uuidv7() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"schedule_id" uuid NOT NULL,
	"zone" text NOT NULL,
	"user_ids" uuid[] NOT NULL,
	"next_fire_at" timestamp with time zone,
	"last_fired_at" timestamp with time zone,
	"last_local" text
);
--> statement-breakpoint
CREATE TABLE "workflow_schedules" (
	"id" uuid PRIMARY KEY DEFAULT herald_uuidv7() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"name" text NOT NULL,
	"recipients" jsonb NOT NULL,
	"payload" jsonb NOT NULL,
	"repeat" jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_schedules_status_check" CHECK ("workflow_schedules"."status" in ('active', 'paused'))
);
--> statement-breakpoint
ALTER TABLE "workflow_schedule_slots" ADD CONSTRAINT "workflow_schedule_slots_schedule_id_workflow_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."workflow_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_schedules" ADD CONSTRAINT "workflow_schedules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_schedules" ADD CONSTRAINT "workflow_schedules_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_schedule_slots_schedule_zone_key" ON "workflow_schedule_slots" USING btree ("schedule_id","zone");--> statement-breakpoint
CREATE INDEX "workflow_schedule_slots_due_idx" ON "workflow_schedule_slots" USING btree ("next_fire_at") WHERE "workflow_schedule_slots"."next_fire_at" is not null;--> statement-breakpoint
CREATE INDEX "workflow_schedules_tenant_created_idx" ON "workflow_schedules" USING btree ("tenant_id","created_at" DESC NULLS LAST);