CREATE SCHEMA "jobs";
--> statement-breakpoint
CREATE TABLE "jobs"."tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid,
	"job_name" text NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"progress_message" text,
	"result" jsonb,
	"error" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "tasks_owner_id_idx" ON "jobs"."tasks" USING btree ("owner_id","created_at");