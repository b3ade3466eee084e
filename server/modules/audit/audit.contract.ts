import { z } from 'zod';
import { timestamp } from '../../lib/contract.js';

export const historyEntry = z.object({
  id: z.number(),
  action: z.string(),
  at: timestamp,
  before: z.unknown(),
  after: z.unknown(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntry>;
export const historyList = z.object({ items: z.array(historyEntry) });
