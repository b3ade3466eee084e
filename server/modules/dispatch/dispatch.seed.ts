import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { users } from '../org/org.table.js';
import { engineerQualifications } from './dispatch.table.js';

/** Demo data (DSP-1): every engineer holds a training certificate for each product line in their skills. */
export async function seedEngineerQualifications(db: Db): Promise<void> {
  const engineers = await db
    .select({ id: users.id, skills: users.skills })
    .from(users)
    .where(sql`'engineer' = any(${users.roles})`);
  const rows = engineers.flatMap((engineer) =>
    engineer.skills.map((skill) => ({
      userId: engineer.id,
      productCategory: skill,
      certificateNo: `PX-${String(engineer.id).padStart(4, '0')}-${skill.toUpperCase().slice(0, 3)}`,
      validFrom: '2024-01-01',
      validUntil: null,
    })),
  );
  if (rows.length > 0) await db.insert(engineerQualifications).values(rows);
}
