CREATE INDEX "customers_station_updated_idx" ON "customers" USING btree ("station_id","updated_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "equipment_updated_idx" ON "equipment" USING btree ("updated_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "equipment_station_updated_idx" ON "equipment" USING btree ("station_id","updated_at" DESC NULLS FIRST);