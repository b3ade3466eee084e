import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { appSecrets } from '../modules/auth/auth.table.js';
import type { Db } from './database.js';

/** The session-signing secret shared by every instance: created once, then read. */
export async function ensureSessionSecret(db: Db): Promise<string> {
  await db
    .insert(appSecrets)
    .values({ name: 'session', value: randomBytes(48).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select().from(appSecrets).where(eq(appSecrets.name, 'session'));
  return row.value;
}
