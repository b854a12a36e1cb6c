CREATE TABLE "user_identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"provider_account_id" text NOT NULL,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "user_identities_provider_account_key" ON "user_identities" USING btree ("provider","provider_account_id");--> statement-breakpoint
CREATE INDEX "user_identities_user_idx" ON "user_identities" USING btree ("user_id");--> statement-breakpoint
-- Keys made before scopes covered every route keep what they were used for: a sending key could
-- manage users, mint tokens, set preferences and act for a user; any key could read templates and
-- announcements and list users. A read-only key gets no write scope it never had a name for.
UPDATE "api_keys" SET "scopes" = (
  SELECT array_agg(DISTINCT s ORDER BY s) FROM unnest(
    "scopes"
    || ARRAY['templates:read', 'announcements:read', 'users:read']::text[]
    || CASE WHEN 'notifications:send' = ANY("scopes")
         THEN ARRAY['users:write', 'users:impersonate', 'tokens:mint', 'preferences:write']::text[]
         ELSE ARRAY[]::text[] END
  ) AS s
) WHERE NOT ('admin' = ANY("scopes"));
