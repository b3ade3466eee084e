ALTER TABLE "purchase_requests" ADD COLUMN "closed_by" integer;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD COLUMN "close_note" text;--> statement-breakpoint
ALTER TABLE "purchase_requests" ADD CONSTRAINT "purchase_requests_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Until now closing wrote its note over decision_note: on closed requests that note is the closing note.
UPDATE "purchase_requests" SET "close_note" = "decision_note", "decision_note" = NULL WHERE "status" = 'closed';
