CREATE SCHEMA "feedback";
--> statement-breakpoint
CREATE SCHEMA "planner";
--> statement-breakpoint
CREATE SCHEMA "push";
--> statement-breakpoint
CREATE TABLE "feedback"."deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"email" text NOT NULL,
	"status" text NOT NULL,
	"message_id" text,
	"error_code" text,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback"."items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"author_id" uuid NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"screenshot_file" text,
	"screenshot_type" text,
	"screenshot_size" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "items_category_check" CHECK ("feedback"."items"."category" in ('bug', 'feature', 'feedback')),
	CONSTRAINT "items_status_check" CHECK ("feedback"."items"."status" in ('pending', 'processing', 'completed')),
	CONSTRAINT "items_screenshot_check" CHECK (("feedback"."items"."screenshot_file" is null) = ("feedback"."items"."screenshot_type" is null) and ("feedback"."items"."screenshot_file" is null) = ("feedback"."items"."screenshot_size" is null))
);
--> statement-breakpoint
CREATE TABLE "planner"."breakdown_usage" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"last_used_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planner"."categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text NOT NULL,
	"color" text NOT NULL,
	"rank" text COLLATE "C" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "categories_user_rank_key" UNIQUE("user_id","rank"),
	CONSTRAINT "categories_id_user_key" UNIQUE("id","user_id")
);
--> statement-breakpoint
CREATE TABLE "planner"."subtodos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"todo_id" uuid NOT NULL,
	"content" text NOT NULL,
	"date" date,
	"is_done" boolean DEFAULT false NOT NULL,
	"rank" text COLLATE "C" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subtodos_todo_rank_key" UNIQUE("todo_id","rank")
);
--> statement-breakpoint
CREATE TABLE "planner"."todos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"content" text NOT NULL,
	"date" date,
	"due_time" time,
	"is_done" boolean DEFAULT false NOT NULL,
	"memo" text,
	"rank" text COLLATE "C" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "todos_category_rank_key" UNIQUE("category_id","rank"),
	CONSTRAINT "todos_id_user_key" UNIQUE("id","user_id")
);
--> statement-breakpoint
CREATE TABLE "push"."outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"message_key" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"job_id" uuid
);
--> statement-breakpoint
CREATE TABLE "push"."subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"endpoint" text NOT NULL,
	"p256dh" text,
	"auth" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push"."vapid_keys" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"public_key" text NOT NULL,
	"private_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vapid_keys_single_row" CHECK ("push"."vapid_keys"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "planner"."breakdown_usage" ADD CONSTRAINT "breakdown_usage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "accounts"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner"."categories" ADD CONSTRAINT "categories_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "accounts"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner"."subtodos" ADD CONSTRAINT "subtodos_todo_fkey" FOREIGN KEY ("todo_id","user_id") REFERENCES "planner"."todos"("id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner"."todos" ADD CONSTRAINT "todos_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "accounts"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planner"."todos" ADD CONSTRAINT "todos_category_fkey" FOREIGN KEY ("category_id","user_id") REFERENCES "planner"."categories"("id","user_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_job_recipient_key" ON "feedback"."deliveries" USING btree ("job_id","recipient_id");--> statement-breakpoint
CREATE INDEX "items_author_created_idx" ON "feedback"."items" USING btree ("author_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "items_created_idx" ON "feedback"."items" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "items_status_created_idx" ON "feedback"."items" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "todos_user_date_idx" ON "planner"."todos" USING btree ("user_id","date");--> statement-breakpoint
CREATE INDEX "outbox_session_id_idx" ON "push"."outbox" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_session_id_key" ON "push"."subscriptions" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_endpoint_key" ON "push"."subscriptions" USING btree ("endpoint");--> statement-breakpoint
CREATE INDEX "subscriptions_user_id_idx" ON "push"."subscriptions" USING btree ("user_id");