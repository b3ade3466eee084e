import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { SettingsService } from '../org/settings.service.js';
import { complaintsRoutes } from './complaints.routes.js';
import { createComplaintsService } from './complaints.service.js';
import { openComplaintForVisit, scheduleLowScoreVisit } from './feedback-links.js';
import { portalRoutes } from './portal.routes.js';
import { createPortalService, type PortalService } from './portal.service.js';
import { returnVisitsRoutes } from './return-visits.routes.js';
import { createReturnVisitsService } from './return-visits.service.js';
import { surveysRoutes } from './surveys.routes.js';
import { createSurveysService } from './surveys.service.js';

/**
 * Customer feedback (§7): surveys, complaints, return visits and the customer portal. Each part is a
 * service + routes pair in its own files, added here.
 */
export function createFeedbackModule(deps: {
  db: Db;
  clock: Clock;
  settings: SettingsService;
  /** The portal (FBK-4) records requests through the tickets and customers services. */
  portal?: Pick<Parameters<typeof createPortalService>[0], 'tickets' | 'customers' | 'secret'> & {
    cookieSecure?: boolean;
  };
}) {
  void deps;
  // Surveys and complaints (FBK-1, FBK-2).
  const complaints = createComplaintsService(deps);
  // A low score also schedules a follow-up return visit (FBK-3), due with the complaint's contact step.
  const surveys = createSurveysService({ ...deps, onLowScore: scheduleLowScoreVisit });
  // Return visits (FBK-3); an unhappy outcome opens a complaint through the complaints module.
  const returnVisits = createReturnVisitsService({ ...deps, openComplaint: openComplaintForVisit });
  const plugins: FastifyPluginAsync[] = [surveysRoutes({ surveys }), complaintsRoutes({ complaints })];
  plugins.push(returnVisitsRoutes({ returnVisits }));
  // The customer portal (FBK-4): public pages, no account.
  let portal: PortalService | undefined;
  if (deps.portal) {
    portal = createPortalService({ ...deps, ...deps.portal });
    plugins.push(
      portalRoutes({
        portal,
        clock: deps.clock,
        maxUploadBytes: async () => (await deps.settings.get('attachments.maxMegabytes')) * 1024 * 1024,
        secureCookie: deps.portal.cookieSecure,
      }),
    );
  }
  const services = { surveys, complaints, returnVisits, portal };
  const routes: FastifyPluginAsync = async (app) => {
    for (const plugin of plugins) await app.register(plugin);
  };
  return { services, routes };
}
