CREATE INDEX "customers_station_updated_idx" ON "customers" USING btree ("station_id","updated_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "customers_active_station_idx" ON "customers" USING btree ("station_id") WHERE is_active;--> statement-breakpoint
CREATE INDEX "equipment_updated_idx" ON "equipment" USING btree ("updated_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "equipment_station_updated_idx" ON "equipment" USING btree ("station_id","updated_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "equipment_active_station_model_idx" ON "equipment" USING btree ("station_id","model_id") WHERE is_active;