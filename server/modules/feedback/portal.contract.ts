/** FBK-4 customer portal: the public API contract (shared with the web app). */
import { z } from 'zod';
import { optionalText, requiredText, timestamp } from '../../lib/contract.js';

const mobile = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s()-]/g, '').replace(/^(\+86|0086)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, { error: '请填写 11 位手机号码 / Enter an 11-digit mobile number' }));

/** The proof-of-work challenge (ALTCHA v1): solve it in the browser, send the payload back. */
export const portalChallenge = z.object({
  algorithm: z.string(),
  challenge: z.string(),
  maxnumber: z.number().optional(),
  salt: z.string(),
  signature: z.string(),
});

/** The fields of `POST /api/portal/requests` (multipart: these fields plus up to 3 `photos`). */
export const portalRequestInput = z
  .object({
    name: requiredText(50),
    phone: mobile,
    serialNo: optionalText(64),
    product: optionalText(100),
    description: requiredText(2000),
    /** The solved challenge (base64 JSON of ALTCHA). */
    altcha: z.string().min(1, { error: '请完成人机验证 / Complete the check' }).max(2000),
  })
  .strict();
export type PortalRequestInput = z.input<typeof portalRequestInput>;

export const portalRequestCreated = z.object({ ticketNumber: z.string() });

/** `POST /api/portal/track` — both are needed; the body keeps the phone out of URLs and logs. */
export const portalTrackInput = z.object({
  number: z.string().trim().min(4).max(30),
  phone: mobile,
});

export const portalMilestoneKeys = [
  'received',
  'engineer_assigned',
  'on_site',
  'resolved',
  'closed',
  'cancelled',
] as const;
export const portalTracking = z.object({
  number: z.string(),
  title: z.string(),
  milestones: z.array(z.object({ key: z.enum(portalMilestoneKeys), at: timestamp.nullable(), done: z.boolean() })),
  /** Only the engineer's name and the expected arrival, nothing else about staff. */
  engineerName: z.string().nullable(),
  expectedArrivalAt: timestamp.nullable(),
  /** An unanswered survey waits for this ticket (answer it with the link sent by SMS). */
  surveyPending: z.boolean(),
});
export type PortalTracking = z.output<typeof portalTracking>;

export const portalCodeInput = z.object({ phone: mobile });
export const portalVerifyInput = z.object({
  phone: mobile,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});
export const portalSessionInfo = z.object({ ok: z.literal(true), expiresAt: timestamp });

export const portalEquipment = z.object({
  /** False without a valid portal session (then `items` is empty): verify the phone first. */
  verified: z.boolean(),
  items: z.array(
    z.object({
      id: z.number(),
      serialNo: z.string(),
      modelName: z.string(),
      customerName: z.string(),
      acceptanceDate: z.string().nullable(),
      warrantyEnd: z.string().nullable(),
      warrantyStatus: z.enum(['in_warranty', 'expiring', 'expired', 'unknown']),
    }),
  ),
});
export type PortalEquipment = z.output<typeof portalEquipment>;
