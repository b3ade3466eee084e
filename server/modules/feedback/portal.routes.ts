/**
 * FBK-4 public portal routes: every one is `access: 'public'` and rate limited per client address;
 * none reveals more than the caller proved (a solved challenge, number + phone, or a verified phone).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

import { AppError } from '../../lib/app-error.js';
import { okResponse } from '../../lib/contract.js';
import { RequestValidationError } from '../../lib/validation.js';
import { tooLarge } from '../tickets/attachments.js';
import {
  portalChallenge,
  portalCodeInput,
  portalEquipment,
  portalRequestCreated,
  portalRequestInput,
  portalSessionInfo,
  portalTrackInput,
  portalTracking,
  portalVerifyInput,
} from './portal.contract.js';
import { MAX_PORTAL_PHOTOS, PORTAL_COOKIE, PORTAL_SESSION_MINUTES, readPortalSession } from './portal.rules.js';
import type { PortalService } from './portal.service.js';

const tags = ['customer portal'];
const limit = (max: number, minutes: number) => ({ max, timeWindow: minutes * 60_000 });

export const portalRoutes =
  (deps: {
    portal: PortalService;
    clock: { now(): Date };
    maxUploadBytes: () => Promise<number>;
    secureCookie?: boolean;
  }): FastifyPluginAsyncZod =>
  async (app) => {
    const { portal } = deps;

    const sessionOf = (request: FastifyRequest) =>
      readPortalSession(request.cookies[PORTAL_COOKIE], portal.sessionKey, deps.clock.now());

    app.get(
      '/api/portal/challenge',
      {
        config: { access: 'public', rateLimit: limit(30, 1) },
        schema: {
          tags,
          summary: 'A proof-of-work challenge (ALTCHA) to solve in the browser before submitting a request',
          response: { 200: portalChallenge },
        },
      },
      async () => portal.challenge(),
    );

    app.post(
      '/api/portal/requests',
      {
        config: { access: 'public', rateLimit: limit(5, 10) },
        schema: {
          tags,
          summary: `Submit a service request without an account (multipart: name, phone, serialNo, product, description, altcha, up to ${MAX_PORTAL_PHOTOS} "photos"); answers the ticket number`,
          consumes: ['multipart/form-data', 'application/json'],
          response: { 200: portalRequestCreated },
        },
      },
      async (request) => {
        const fields: Record<string, unknown> = {};
        const photos: { fileName?: string; content: Buffer }[] = [];
        if (request.isMultipart()) {
          const maxBytes = await deps.maxUploadBytes();
          try {
            for await (const part of request.parts({ limits: { files: MAX_PORTAL_PHOTOS + 1, fileSize: maxBytes } })) {
              if (part.type === 'file') {
                if (part.fieldname !== 'photos') {
                  await part.toBuffer();
                  continue;
                }
                photos.push({ fileName: part.filename, content: await part.toBuffer() });
              } else {
                fields[part.fieldname] = part.value;
              }
            }
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(Math.round(maxBytes / 1024 / 1024));
            if (code === 'FST_FILES_LIMIT') {
              throw new AppError(
                'VALIDATION',
                { zh: `最多上传 ${MAX_PORTAL_PHOTOS} 张照片`, en: `Upload at most ${MAX_PORTAL_PHOTOS} photos` },
                { fields: [{ field: 'photos', message: `Upload at most ${MAX_PORTAL_PHOTOS} photos` }] },
              );
            }
            throw error;
          }
        } else if (request.body && typeof request.body === 'object') {
          Object.assign(fields, request.body);
        }
        const parsed = portalRequestInput.safeParse(fields);
        if (!parsed.success) throw new RequestValidationError(parsed.error.issues, 'body');
        return portal.submitRequest(parsed.data, photos);
      },
    );

    app.post(
      '/api/portal/track',
      {
        config: { access: 'public', rateLimit: limit(10, 1) },
        schema: {
          tags,
          summary:
            "A request's milestones by number + phone (a wrong pair answers exactly like an unknown number: 404)",
          body: portalTrackInput,
          response: { 200: portalTracking },
        },
      },
      async (request) => portal.track(request.body),
    );

    app.post(
      '/api/portal/codes',
      {
        config: { access: 'public', rateLimit: limit(5, 10) },
        schema: {
          tags,
          summary: 'Send a one-time code by SMS to a phone we know (answers the same for unknown phones)',
          body: portalCodeInput,
          response: { 200: okResponse },
        },
      },
      async (request) => portal.sendCode(request.body.phone),
    );

    app.post(
      '/api/portal/session',
      {
        config: { access: 'public', rateLimit: limit(10, 10) },
        schema: {
          tags,
          summary: `Verify the code: sets a ${PORTAL_SESSION_MINUTES}-minute portal cookie scoped to the customers of that phone`,
          body: portalVerifyInput,
          response: { 200: portalSessionInfo },
        },
      },
      async (request, reply) => {
        const session = await portal.verifyCode(request.body.phone, request.body.code);
        reply.setCookie(PORTAL_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: deps.secureCookie ?? false,
          path: '/api/portal',
          maxAge: PORTAL_SESSION_MINUTES * 60,
        });
        return { ok: true as const, expiresAt: session.expiresAt };
      },
    );

    app.post(
      '/api/portal/session/end',
      {
        config: { access: 'public', rateLimit: limit(30, 1) },
        schema: { tags, summary: 'End the portal session', response: { 200: okResponse } },
      },
      async (_request, reply) => {
        reply.clearCookie(PORTAL_COOKIE, { path: '/api/portal' });
        return { ok: true as const };
      },
    );

    app.get(
      '/api/portal/equipment',
      {
        config: { access: 'public', rateLimit: limit(30, 1) },
        schema: {
          tags,
          summary:
            "The verified customer's equipment and warranty status (the portal cookie; without it: verified false, no items)",
          response: { 200: portalEquipment },
        },
      },
      async (request) => {
        const session = sessionOf(request);
        // Without a verified phone: nothing (200, so staff tools and the matrix see a public route).
        return session ? portal.listEquipment(session) : { verified: false, items: [] };
      },
    );
  };
