/**
 * Demo loaner pools (DSP-7): a few loaner units (备用机) per demo station, of the demo product
 * models, one of them in repair — so the loaner task of SLA-4 can be fulfilled in the demo at once.
 * Idempotent (asset numbers are unique).
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';

const pools: { station: string; units: { model: string; status?: 'repair'; condition?: 'worn' }[] }[] = [
  {
    station: 'BJ',
    units: [
      { model: 'HW-PLC-200' },
      { model: 'HW-PLC-200', condition: 'worn' },
      { model: 'HW-VFD-75' },
      { model: 'HW-VFD-75', status: 'repair' },
    ],
  },
  { station: 'SH', units: [{ model: 'HW-PLC-200' }, { model: 'HW-VFD-75' }] },
  { station: 'GZ', units: [{ model: 'HW-PLC-200' }, { model: 'HW-CNC-850' }] },
];

export async function seedDemoLoaners(db: DbOrTx): Promise<number> {
  let added = 0;
  for (const pool of pools) {
    for (const [index, unit] of pool.units.entries()) {
      const assetNo = `BYJ-${pool.station}-${String(index + 1).padStart(3, '0')}`;
      const result = await db.execute(sql`
        insert into loaner_units (asset_no, station_id, model_id, serial_no, description, status, condition)
        select ${assetNo}, s.id, m.id, ${`LN${pool.station}${String(index + 1).padStart(5, '0')}`},
               ${unit.status === 'repair' ? '风扇异响，返厂检修中' : '备用机，随机附电源线与说明书'},
               ${unit.status ?? 'available'}, ${unit.condition ?? 'good'}
          from stations s left join product_models m on m.code = ${unit.model}
         where s.code = ${pool.station}
        on conflict (asset_no) do nothing`);
      added += result.rowCount ?? 0;
    }
  }
  return added;
}
