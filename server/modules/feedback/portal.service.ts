/**
 * FBK-4 customer portal (no account): submit a request with photos (proof-of-work challenge +
 * per-address rate limits), track it with number + phone, verify a phone with a one-time SMS code
 * and see that customer's equipment and warranty.
 *
 * Intake decision: the request becomes a ticket with channel 'web' through the tickets service,
 * received by the portal's system account (`portal`, inactive: it can never sign in) in the
 * department of setting `feedback.portalDepartmentCode`. The caller is matched to a customer by
 * phone (customer phone or a contact's phone/mobile); a serial number links the unit only when it
 * belongs to that customer (a serial alone proves nothing). An unknown caller gets a provisional
 * person customer at the station of `feedback.portalStationCode` (notes say so) that the desk
 * completes or merges — the ticket always has a customer, as every ticket must.
 */
import { createHmac } from 'node:crypto';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import { AppError, invalidField } from '../../lib/app-error.js';
import type { Clock } from '../../lib/clock.js';
import { dateInZone } from '../../lib/time-zone.js';
import { customerContacts, customers, equipment, productModels } from '../customers/customers.table.js';
import { warrantyStatus } from '../customers/warranty.rules.js';
import { assignments } from '../dispatch/dispatch.table.js';
import { enqueueNotification } from '../notify/outbox.js';
import { departments, stations, users } from '../org/org.table.js';
import type { SettingsService } from '../org/settings.service.js';
import { type PreparedAttachment, prepareAttachment, storeAttachment } from '../tickets/attachments.js';
import { ticketCreateInput } from '../tickets/tickets.contract.js';
import { tickets } from '../tickets/tickets.table.js';
import type { PortalEquipment, PortalRequestInput, PortalTracking } from './portal.contract.js';
import {
  checkOtp,
  hashOtp,
  MAX_PORTAL_PHOTOS,
  milestonesOf,
  newOtpCode,
  OTP_MINUTES,
  OTP_PER_PHONE_PER_HOUR,
  PORTAL_SESSION_MINUTES,
  type PortalSession,
  signPortalSession,
} from './portal.rules.js';
import { portalChallengeUses, portalCodes } from './portal.table.js';
import { surveys } from './surveys.table.js';

type TicketsLike = {
  createTicket(
    actor: Actor,
    input: ReturnType<typeof ticketCreateInput.parse>,
  ): Promise<{ id: number; number: string }>;
};
type CustomersLike = {
  createCustomer(actor: Actor, input: Record<string, unknown> & { stationId: number }): Promise<{ id: number }>;
};

const PORTAL_USERNAME = 'portal';
const CHALLENGE_MINUTES = 10;

const notFoundTicket = () =>
  new AppError('NOT_FOUND', {
    zh: '没有找到匹配的服务请求，请核对编号和手机号',
    en: 'No matching request: check the number and the phone',
  });
const wrongCode = () =>
  invalidField('code', {
    zh: '验证码错误或已失效，请重新获取',
    en: 'The code is wrong or no longer valid; ask for a new one',
  });

export function createPortalService(deps: {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  tickets: TicketsLike;
  customers: CustomersLike;
  secret: string;
}) {
  const { db, clock, settings } = deps;
  const key = (purpose: string) => createHmac('sha256', deps.secret).update(`aftercare:${purpose}`).digest('hex');
  const challengeKey = key('portal-challenge');
  const otpKey = key('portal-otp');
  const sessionKey = key('portal-session');

  // ---------- the challenge (ALTCHA proof of work, no external service) ----------

  async function challenge() {
    const expires = new Date(clock.now().getTime() + CHALLENGE_MINUTES * 60_000);
    return createChallenge({
      hmacKey: challengeKey,
      maxnumber: await settings.get('feedback.portalChallengeDifficulty'),
      expires,
    });
  }

  const badChallenge = () =>
    invalidField('altcha', {
      zh: '人机验证未通过或已过期，请重试',
      en: 'The anti-robot check failed or expired; try again',
    });

  /** Valid, unexpired (by our clock) and not redeemed before; redeeming it is recorded in `tx`. */
  async function redeemChallenge(tx: DbOrTx, payload: string) {
    let parsed: { signature?: string; salt?: string };
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    } catch {
      throw badChallenge();
    }
    if (typeof parsed?.signature !== 'string' || typeof parsed?.salt !== 'string') throw badChallenge();
    const ok = await verifySolution(payload, challengeKey, false).catch(() => false);
    const expires = Number(extractParams(payload).expires);
    const now = clock.now();
    if (!ok || !Number.isFinite(expires) || expires * 1000 <= now.getTime()) throw badChallenge();
    await tx
      .delete(portalChallengeUses)
      .where(sql`${portalChallengeUses.expiresAt} < ${now.toISOString()}::timestamptz`);
    const inserted = await tx
      .insert(portalChallengeUses)
      .values({ signature: parsed.signature, expiresAt: new Date(expires * 1000) })
      .onConflictDoNothing()
      .returning({ signature: portalChallengeUses.signature });
    if (inserted.length === 0) throw badChallenge();
  }

  // ---------- the portal's system account ----------

  async function portalActor(stationId: number): Promise<Actor> {
    const code = await settings.get('feedback.portalDepartmentCode');
    const [department] = await db.select({ id: departments.id }).from(departments).where(eq(departments.code, code));
    let [user] = await db
      .select({ id: users.id, displayName: users.displayName })
      .from(users)
      .where(sql`lower(${users.username}) = ${PORTAL_USERNAME}`);
    if (!user) {
      await db
        .insert(users)
        .values({
          username: PORTAL_USERNAME,
          displayName: '客户门户',
          // Not a valid hash and the account is inactive: nobody can sign in as the portal.
          passwordHash: '!portal-account-cannot-sign-in',
          roles: ['agent'],
          stationId,
          departmentId: department?.id ?? null,
          isActive: false,
        })
        .onConflictDoNothing();
      [user] = await db
        .select({ id: users.id, displayName: users.displayName })
        .from(users)
        .where(sql`lower(${users.username}) = ${PORTAL_USERNAME}`);
    }
    return {
      id: user.id,
      username: PORTAL_USERNAME,
      displayName: user.displayName,
      roles: ['agent'],
      stationId,
      departmentId: department?.id ?? null,
      mustChangePassword: false,
    };
  }

  /** Active customers reachable on this phone (customer phone, or a contact's phone or mobile). */
  async function customersByPhone(tx: DbOrTx, phone: string) {
    return tx
      .select({ id: customers.id, stationId: customers.stationId })
      .from(customers)
      .where(
        and(
          eq(customers.isActive, true),
          sql`(${customers.phone} = ${phone} or exists (
            select 1 from ${customerContacts} cc
            where cc.customer_id = ${customers.id} and (cc.mobile = ${phone} or cc.phone = ${phone})))`,
        ),
      )
      .orderBy(asc(customers.id));
  }

  async function portalStationId(): Promise<number> {
    const code = await settings.get('feedback.portalStationCode');
    const [station] = await db
      .select({ id: stations.id })
      .from(stations)
      .where(and(eq(stations.isActive, true), code ? eq(stations.code, code) : undefined))
      .orderBy(asc(stations.id))
      .limit(1);
    if (!station) {
      throw new AppError('UNAVAILABLE', {
        zh: '暂时无法受理网上报修，请致电客服',
        en: 'Online requests are unavailable; please call us',
      });
    }
    return station.id;
  }

  // ---------- submit a request ----------

  async function submitRequest(
    input: PortalRequestInput & { phone: string },
    photos: { fileName?: string; content: Buffer }[],
  ) {
    if (photos.length > MAX_PORTAL_PHOTOS) {
      throw invalidField('photos', {
        zh: `最多上传 ${MAX_PORTAL_PHOTOS} 张照片`,
        en: `Upload at most ${MAX_PORTAL_PHOTOS} photos`,
      });
    }
    await db.transaction((tx) => redeemChallenge(tx, input.altcha));
    const maxBytes = (await settings.get('attachments.maxMegabytes')) * 1024 * 1024;
    const prepared: PreparedAttachment[] = [];
    for (const photo of photos) {
      const file = await prepareAttachment({ content: photo.content, fileName: photo.fileName, maxBytes }).catch(
        (error) => {
          throw error instanceof AppError ? invalidField('photos', error.text) : error;
        },
      );
      if (!file.isPhoto) throw invalidField('photos', { zh: '只能上传照片', en: 'Only photos can be uploaded' });
      prepared.push(file);
    }

    const matches = await customersByPhone(db, input.phone);
    let unitId: number | null = null;
    let customerId: number | null = null;
    let stationId: number | null = null;
    if (input.serialNo && matches.length > 0) {
      const [unit] = await db
        .select({ id: equipment.id, customerId: equipment.customerId })
        .from(equipment)
        .where(
          and(
            sql`upper(${equipment.serialNo}) = upper(${input.serialNo})`,
            inArray(
              equipment.customerId,
              matches.map((m) => m.id),
            ),
            eq(equipment.isActive, true),
          ),
        );
      if (unit) {
        unitId = unit.id;
        customerId = unit.customerId;
      }
    }
    if (customerId === null && matches.length > 0) customerId = matches[0].id;
    if (customerId !== null) stationId = matches.find((m) => m.id === customerId)!.stationId;
    if (customerId === null) {
      stationId = await portalStationId();
      const created = await deps.customers.createCustomer(await portalActor(stationId), {
        kind: 'person',
        name: input.name,
        phone: input.phone,
        level: 'regular',
        stationId,
        notes: '客户门户报修时自动建档（未匹配到已有客户），请客服核实、补全或合并。',
        contacts: [],
      });
      customerId = created.id;
    }

    const details = [
      input.description,
      '',
      `【客户门户报修】联系人：${input.name}  电话：${input.phone}`,
      input.serialNo ? `序列号：${input.serialNo}${unitId ? '' : '（未匹配到该客户的设备，请核实）'}` : null,
      input.product ? `产品：${input.product}` : null,
    ]
      .filter((line) => line !== null)
      .join('\n');
    const actor = await portalActor(stationId!);
    const ticket = await deps.tickets.createTicket(
      actor,
      ticketCreateInput.parse({
        channel: 'web',
        type: 'repair',
        customerId,
        contactName: input.name,
        contactPhone: input.phone,
        equipmentId: unitId,
        title: input.description.replace(/\s+/g, ' ').slice(0, 40),
        description: details.slice(0, 5000),
      }),
    );
    if (prepared.length > 0) {
      const at = clock.now();
      await db.transaction(async (tx) => {
        for (const file of prepared) {
          await storeAttachment(tx, {
            ticketId: ticket.id,
            prepared: file,
            uploadedBy: actor.id,
            at,
            note: '客户门户上传',
          });
        }
      });
    }
    return { ticketNumber: ticket.number };
  }

  // ---------- track a request ----------

  async function track(input: { number: string; phone: string }): Promise<PortalTracking> {
    const [ticket] = await db
      .select({
        id: tickets.id,
        number: tickets.number,
        title: tickets.title,
        status: tickets.status,
        serviceMode: tickets.serviceMode,
        receivedAt: tickets.receivedAt,
        arrivedAt: tickets.arrivedAt,
        resolvedAt: tickets.resolvedAt,
        closedAt: tickets.closedAt,
      })
      .from(tickets)
      .innerJoin(customers, eq(customers.id, tickets.customerId))
      .where(
        and(
          eq(tickets.number, input.number.toUpperCase()),
          sql`(${tickets.contactPhone} = ${input.phone} or ${customers.phone} = ${input.phone} or exists (
            select 1 from ${customerContacts} cc
            where cc.id = ${tickets.contactId} and (cc.mobile = ${input.phone} or cc.phone = ${input.phone})))`,
        ),
      );
    if (!ticket) throw notFoundTicket();
    const [lead] = await db
      .select({ name: users.displayName, assignedAt: assignments.assignedAt, eta: assignments.expectedArrivalAt })
      .from(assignments)
      .innerJoin(users, eq(users.id, assignments.engineerId))
      .where(
        and(
          eq(assignments.ticketId, ticket.id),
          eq(assignments.role, 'lead'),
          inArray(assignments.status, ['offered', 'accepted', 'completed']),
        ),
      )
      .orderBy(desc(assignments.assignedAt))
      .limit(1);
    const now = clock.now();
    const [survey] = await db
      .select({ id: surveys.id })
      .from(surveys)
      .where(
        and(
          eq(surveys.ticketId, ticket.id),
          eq(surveys.status, 'pending'),
          sql`${surveys.tokenExpiresAt} > ${now.toISOString()}::timestamptz`,
        ),
      )
      .limit(1);
    return {
      number: ticket.number,
      title: ticket.title,
      milestones: milestonesOf({ ...ticket, assignedAt: lead?.assignedAt ?? null }),
      engineerName: lead?.name ?? null,
      expectedArrivalAt: ticket.arrivedAt || ticket.resolvedAt ? null : (lead?.eta ?? null),
      surveyPending: Boolean(survey),
    };
  }

  // ---------- one-time code and the portal session ----------

  /**
   * Sends a code when the phone belongs to a customer; answers the same either way (a caller learns
   * nothing about which phones we know). At most OTP_PER_PHONE_PER_HOUR codes per phone and hour.
   */
  async function sendCode(phone: string) {
    const now = clock.now();
    await db.transaction(async (tx) => {
      // Serialises the requests of one phone so the hourly count holds under concurrency.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`portal-otp:${phone}`}))`);
      const [{ n }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(portalCodes)
        .where(
          and(
            eq(portalCodes.phone, phone),
            sql`${portalCodes.createdAt} > ${new Date(now.getTime() - 3_600_000).toISOString()}::timestamptz`,
          ),
        );
      if (n >= OTP_PER_PHONE_PER_HOUR) {
        throw new AppError('RATE_LIMITED', {
          zh: '验证码发送过于频繁，请稍后再试',
          en: 'Too many codes requested; try again later',
        });
      }
      const code = newOtpCode();
      await tx.insert(portalCodes).values({
        phone,
        codeHash: hashOtp(code, phone, otpKey),
        expiresAt: new Date(now.getTime() + OTP_MINUTES * 60_000),
        createdAt: now,
      });
      const known = await customersByPhone(tx, phone);
      if (known.length > 0) {
        await enqueueNotification(tx, {
          template: 'portal.code',
          payload: { code, minutes: OTP_MINUTES },
          to: { phone },
          dedupeKey: `portal.code:${phone}:${now.getTime()}`,
        });
      }
    });
    return { ok: true as const };
  }

  /** Checks the latest code of the phone (5 attempts, 10 minutes) and answers a session token. */
  async function verifyCode(phone: string, code: string) {
    const now = clock.now();
    const result = await db.transaction(async (tx) => {
      const [stored] = await tx
        .select()
        .from(portalCodes)
        .where(eq(portalCodes.phone, phone))
        .orderBy(desc(portalCodes.createdAt), desc(portalCodes.id))
        .limit(1)
        .for('update');
      if (!stored) return null;
      const check = checkOtp(stored, hashOtp(code, phone, otpKey), now);
      if (check === 'wrong') {
        await tx
          .update(portalCodes)
          .set({ attempts: sql`${portalCodes.attempts} + 1` })
          .where(eq(portalCodes.id, stored.id));
        return null;
      }
      if (check !== 'ok') return null;
      await tx
        .update(portalCodes)
        .set({ usedAt: now, attempts: sql`${portalCodes.attempts} + 1` })
        .where(eq(portalCodes.id, stored.id));
      const known = await customersByPhone(tx, phone);
      return known.length > 0 ? known.map((customer) => customer.id) : null;
    });
    if (!result) throw wrongCode();
    const session: PortalSession = {
      customerIds: result,
      phone,
      expiresAt: now.getTime() + PORTAL_SESSION_MINUTES * 60_000,
    };
    return { token: signPortalSession(session, sessionKey), expiresAt: new Date(session.expiresAt) };
  }

  /** The equipment of the verified customers only, with its warranty status today. */
  async function listEquipment(session: PortalSession): Promise<PortalEquipment> {
    const [timeZone, expiringDays] = await Promise.all([
      settings.get('org.timeZone'),
      settings.get('warranty.expiringSoonDays'),
    ]);
    const today = dateInZone(clock.now(), timeZone);
    const rows = await db
      .select({
        id: equipment.id,
        serialNo: equipment.serialNo,
        modelName: productModels.name,
        customerName: customers.name,
        acceptanceDate: equipment.acceptanceDate,
        warrantyEnd: equipment.warrantyEnd,
      })
      .from(equipment)
      .innerJoin(productModels, eq(productModels.id, equipment.modelId))
      .innerJoin(customers, eq(customers.id, equipment.customerId))
      .where(
        and(
          inArray(equipment.customerId, session.customerIds.length ? session.customerIds : [0]),
          eq(equipment.isActive, true),
        ),
      )
      .orderBy(asc(equipment.serialNo))
      .limit(200);
    return {
      verified: true,
      items: rows.map((row) => ({ ...row, warrantyStatus: warrantyStatus(row.warrantyEnd, today, expiringDays) })),
    };
  }

  return { challenge, submitRequest, track, sendCode, verifyCode, listEquipment, sessionKey };
}
export type PortalService = ReturnType<typeof createPortalService>;
