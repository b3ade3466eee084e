import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import { AppError, versionConflict } from '../../lib/app-error.js';
import { issuesToFields } from '../../lib/validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { settings } from './org.table.js';
import {
  isSettingKey,
  resolveSetting,
  type SettingKey,
  type SettingValue,
  settingDefinitions,
  settingKeys,
} from './settings.rules.js';

const CACHE_MS = 5_000;

export function createSettingsService(deps: { db: Db }) {
  const { db } = deps;

  // Settings are read on hot paths (every list computes warranty status) and change rarely: keep
  // them a few seconds. This instance forgets a key when it changes it; other instances within CACHE_MS.
  const cache = new Map<SettingKey, { value: unknown; until: number }>();

  /**
   * Code running inside a transaction passes it as `tx`: waiting for a second pool connection
   * while holding one deadlocks the pool under load.
   */
  async function get<K extends SettingKey>(key: K, tx: DbOrTx = db): Promise<SettingValue<K>> {
    const cached = cache.get(key);
    if (cached && cached.until > Date.now()) return cached.value as SettingValue<K>;
    const [row] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
    const value = resolveSetting(key, row?.value);
    cache.set(key, { value, until: Date.now() + CACHE_MS });
    return value;
  }

  async function list() {
    const rows = await db.select().from(settings);
    const stored = new Map(rows.map((row) => [row.key, row]));
    return settingKeys.map((key) => {
      const definition = settingDefinitions[key];
      const row = stored.get(key);
      return {
        key,
        group: definition.group,
        label: definition.label,
        unit: 'unit' in definition ? definition.unit : undefined,
        value: resolveSetting(key, row?.value),
        defaultValue: definition.default,
        isDefault: !row,
        version: row?.version ?? 0,
        updatedAt: row?.updatedAt ?? null,
      };
    });
  }

  /** `version` is what the client loaded (0 when it was still the default). */
  async function update(actor: Actor, key: string, value: unknown, version: number) {
    if (!isSettingKey(key)) {
      throw new AppError('NOT_FOUND', { zh: `设置项 ${key} 不存在`, en: `No setting named ${key}` });
    }
    const parsed = settingDefinitions[key].schema.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      const fields = issuesToFields(parsed.error.issues, 'en').map((field) => ({ ...field, field: 'value' }));
      const zh = issuesToFields(parsed.error.issues, 'zh')
        .map((field) => field.message)
        .join('; ');
      throw new AppError(
        'VALIDATION',
        { zh: `设置值无效：${zh}`, en: `Invalid value: ${fields.map((f) => f.message).join('; ')}` },
        { fields },
      );
    }
    await db.transaction(async (tx) => {
      const [current] = await tx.select().from(settings).where(eq(settings.key, key)).for('update');
      if ((current?.version ?? 0) !== version) throw versionConflict('设置', 'The setting');
      if (current) {
        await tx
          .update(settings)
          .set({
            value: parsed.data,
            version: sql`${settings.version} + 1`,
            updatedBy: actor.id,
            updatedAt: new Date(),
          })
          .where(eq(settings.key, key));
      } else {
        const inserted = await tx
          .insert(settings)
          .values({ key, value: parsed.data, updatedBy: actor.id })
          .onConflictDoNothing()
          .returning();
        if (inserted.length === 0) throw versionConflict('设置', 'The setting');
      }
      await recordAudit(tx, {
        entityType: 'setting',
        entityId: key,
        action: 'update',
        actor,
        before: { value: current?.value ?? settingDefinitions[key].default },
        after: { value: parsed.data },
      });
      cache.delete(key);
    });
  }

  return { get, list, update };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
