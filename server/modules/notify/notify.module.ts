import type { Db } from '../../db/database.js';
import type { SettingsService } from '../org/settings.service.js';
import { notifyRoutes } from './notify.routes.js';
import { createNotifyService } from './notify.service.js';
import { createOutboxWorker } from './outbox-worker.js';
import { createDefaultSenders, type NotifyLogger, type Senders } from './senders.js';

/**
 * The notifications module: inbox and outbox endpoints, and the outbox worker. The worker is not
 * started here (main.ts starts it after listen; tests call `worker.runOnce()`); closing the app
 * stops it.
 */
export function createNotifyModule(deps: {
  db: Db;
  settings: SettingsService;
  logger: NotifyLogger;
  senders?: Senders;
}) {
  const defaults = deps.senders ? undefined : createDefaultSenders({ settings: deps.settings, logger: deps.logger });
  const senders: Senders = deps.senders ?? defaults!;
  const worker = createOutboxWorker({ db: deps.db, senders, settings: deps.settings, logger: deps.logger });
  const notify = createNotifyService({ db: deps.db });
  const onClose = async () => {
    await worker.stop();
    defaults?.close();
  };
  return { services: { notify, worker, senders }, routes: notifyRoutes({ notify, onClose }) };
}
