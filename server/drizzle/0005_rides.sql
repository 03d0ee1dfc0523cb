CREATE SCHEMA "rides";
--> statement-breakpoint
CREATE TABLE "rides"."drivers" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"vehicle" text NOT NULL,
	"plate" text NOT NULL,
	"is_online" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rides"."offers" (
	"trip_id" uuid NOT NULL,
	"driver_id" uuid NOT NULL,
	"distance_km" double precision NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "offers_pkey" PRIMARY KEY("trip_id","driver_id")
);
--> statement-breakpoint
CREATE TABLE "rides"."route_points" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"trip_id" uuid NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rides"."trips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rider_id" uuid NOT NULL,
	"driver_id" uuid,
	"status" text DEFAULT 'REQUESTED' NOT NULL,
	"pick_up_address" text NOT NULL,
	"pick_up_lat" double precision NOT NULL,
	"pick_up_lng" double precision NOT NULL,
	"drop_off_address" text NOT NULL,
	"drop_off_lat" double precision NOT NULL,
	"drop_off_lng" double precision NOT NULL,
	"distance_km" double precision NOT NULL,
	"fare_amount" integer NOT NULL,
	"fare_currency" text NOT NULL,
	"search_radius_km" double precision NOT NULL,
	"rating" smallint,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"picked_up_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "rides"."drivers" ADD CONSTRAINT "drivers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "accounts"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rides"."offers" ADD CONSTRAINT "offers_trip_id_trips_id_fk" FOREIGN KEY ("trip_id") REFERENCES "rides"."trips"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rides"."offers" ADD CONSTRAINT "offers_driver_id_users_id_fk" FOREIGN KEY ("driver_id") REFERENCES "accounts"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rides"."route_points" ADD CONSTRAINT "route_points_trip_id_trips_id_fk" FOREIGN KEY ("trip_id") REFERENCES "rides"."trips"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rides"."trips" ADD CONSTRAINT "trips_rider_id_users_id_fk" FOREIGN KEY ("rider_id") REFERENCES "accounts"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rides"."trips" ADD CONSTRAINT "trips_driver_id_users_id_fk" FOREIGN KEY ("driver_id") REFERENCES "accounts"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "route_points_trip_idx" ON "rides"."route_points" USING btree ("trip_id","id");--> statement-breakpoint
CREATE INDEX "trips_rider_created_idx" ON "rides"."trips" USING btree ("rider_id","created_at","id");--> statement-breakpoint
CREATE INDEX "trips_driver_created_idx" ON "rides"."trips" USING btree ("driver_id","created_at","id");--> statement-breakpoint
CREATE INDEX "trips_requested_pick_up_idx" ON "rides"."trips" USING btree ("pick_up_lat","pick_up_lng") WHERE "rides"."trips"."status" = 'REQUESTED';--> statement-breakpoint
CREATE UNIQUE INDEX "trips_one_open_per_rider_key" ON "rides"."trips" USING btree ("rider_id") WHERE "rides"."trips"."status" in ('REQUESTED', 'STARTED', 'IN_PROGRESS');--> statement-breakpoint
CREATE UNIQUE INDEX "trips_one_active_per_driver_key" ON "rides"."trips" USING btree ("driver_id") WHERE "rides"."trips"."status" in ('STARTED', 'IN_PROGRESS');