import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Actor } from '../../lib/access.js';
import { okResponse } from '../../lib/contract.js';
import { changePasswordBody, localeBody, meResponse, signInBody } from './auth.contract.js';
import type { AuthService } from './auth.service.js';

declare module 'fastify' {
  interface Session {
    userId?: number;
    /** The user of `userId`, loaded with the session by the store (null: gone or deactivated). */
    loadedActor?: Actor | null;
  }
}

export const authRoutes =
  (auth: AuthService): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/auth/sign-in',
      {
        config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with username or phone and password',
          body: signInBody,
          response: { 200: meResponse },
        },
      },
      async (request, reply) => {
        const userId = await auth.verifySignIn(request.body.login, request.body.password, request.ip);
        await request.session.regenerate();
        request.session.set('userId', userId);
        const csrfToken = await reply.generateCsrf();
        return { user: await auth.describe(userId), csrfToken };
      },
    );

    app.post(
      '/api/auth/sign-out',
      { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Sign out', response: { 200: okResponse } } },
      async (request) => {
        if (request.session.get('userId')) await request.session.destroy();
        return { ok: true as const };
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user and a CSRF token for writes',
          response: { 200: meResponse },
        },
      },
      async (request, reply) => {
        if (!request.actor) return { user: null, csrfToken: null };
        return { user: await auth.describe(request.actor.id), csrfToken: await reply.generateCsrf() };
      },
    );

    app.post(
      '/api/auth/password',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['auth'],
          summary: 'Change my password',
          body: changePasswordBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await auth.changePassword(
          request.actor!,
          request.body.currentPassword,
          request.body.newPassword,
          request.session.sessionId,
        );
        return { ok: true as const };
      },
    );

    app.put(
      '/api/auth/locale',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['auth'],
          summary: 'Set my interface language',
          body: localeBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await auth.setLocale(request.actor!, request.body.locale);
        return { ok: true as const };
      },
    );
  };
