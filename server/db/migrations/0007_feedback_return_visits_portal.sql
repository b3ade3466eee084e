CREATE TABLE "portal_challenge_uses" (
	"signature" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_codes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "portal_codes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"phone" text NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "return_visits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "return_visits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"rule" text NOT NULL,
	"method" text NOT NULL,
	"subject_id" integer NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"station_id" integer NOT NULL,
	"customer_id" integer NOT NULL,
	"equipment_id" integer,
	"ticket_id" integer,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reason" text,
	"assignee_id" integer,
	"attempts" integer DEFAULT 0 NOT NULL,
	"outcome" text,
	"notes" text,
	"completed_at" timestamp with time zone,
	"completed_by" integer,
	"complaint_id" integer,
	"follow_up_ticket_id" integer,
	"report_due_at" timestamp with time zone,
	"report" text,
	"report_submitted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_visits_period" CHECK ("return_visits"."period_end" > "return_visits"."period_start"),
	CONSTRAINT "return_visits_attempts" CHECK ("return_visits"."attempts" >= 0)
);
--> statement-breakpoint
ALTER TABLE "return_visits" ADD CONSTRAINT "return_visits_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_visits" ADD CONSTRAINT "return_visits_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_visits" ADD CONSTRAINT "return_visits_equipment_id_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."equipment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_visits" ADD CONSTRAINT "return_visits_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_visits" ADD CONSTRAINT "return_visits_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_visits" ADD CONSTRAINT "return_visits_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_visits" ADD CONSTRAINT "return_visits_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_visits" ADD CONSTRAINT "return_visits_follow_up_ticket_id_tickets_id_fk" FOREIGN KEY ("follow_up_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portal_codes_phone_idx" ON "portal_codes" USING btree ("phone","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "return_visits_generation_key" ON "return_visits" USING btree ("rule","subject_id","period_start");--> statement-breakpoint
CREATE INDEX "return_visits_queue_idx" ON "return_visits" USING btree ("station_id","due_at") WHERE "return_visits"."status" = 'open';--> statement-breakpoint
CREATE INDEX "return_visits_customer_due_idx" ON "return_visits" USING btree ("customer_id","due_at");--> statement-breakpoint
CREATE INDEX "return_visits_ticket_idx" ON "return_visits" USING btree ("ticket_id") WHERE "return_visits"."ticket_id" is not null;