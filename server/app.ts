/** buildApp: the only place where modules are wired together. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler } from 'fastify-type-provider-zod';
import type { Db } from './db/database.js';
import { type Actor, isAllowed, type RouteAccess, trackRouteAccess } from './lib/access.js';
import { AppError } from './lib/app-error.js';
import type { Clock } from './lib/clock.js';
import { installErrorHandler, installNotFoundHandler } from './lib/error-handler.js';
import { validatorCompiler } from './lib/validation.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { type AuthService, createAuthService } from './modules/auth/auth.service.js';
import { createSessionStore } from './modules/auth/session-store.js';
import { createCustomersModule } from './modules/customers/customers.module.js';
import { createDispatchModule } from './modules/dispatch/dispatch.module.js';
import { createFeedbackModule } from './modules/feedback/feedback.module.js';
import { createNotifyModule } from './modules/notify/notify.module.js';
import type { Senders } from './modules/notify/senders.js';
import { createOrgModule } from './modules/org/org.module.js';
import type { OrgService } from './modules/org/org.service.js';
import { createSettingsService, type SettingsService } from './modules/org/settings.service.js';
import { createPartsModule } from './modules/parts/parts.module.js';
import { createSlaModule } from './modules/sla/sla.module.js';
import { createSlaClocksService, type SlaClocksService } from './modules/sla/sla-clocks.service.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { createTicketsModule } from './modules/tickets/tickets.module.js';

export type AppOptions = {
  db: Db;
  clock: Clock;
  sessionSecret: string;
  cookieSecure?: boolean;
  /** Trust X-Forwarded-For (only behind a proxy you run; otherwise clients could fake their address). */
  trustProxy?: boolean;
  /** Folder of the built web app; served when present. */
  webDist?: string;
  logger?: FastifyServerOptions['logger'];
  /** Email and SMS senders of the outbox worker; default SMTP (settings) and a log-only SMS sender. */
  senders?: Senders;
};

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The Fastify instance (a thenable, hence the explicit type) with what tests and tools need. */
export type App = FastifyInstance & {
  routeAccess: RouteAccess[];
  services: {
    auth: AuthService;
    settings: SettingsService;
    org: OrgService;
    customers: ReturnType<typeof createCustomersModule>['services'];
    notify: ReturnType<typeof createNotifyModule>['services'];
    /** The deadline engine; tickets and dispatch call it inside their transactions. */
    slaClocks: SlaClocksService;
    dispatch: ReturnType<typeof createDispatchModule>['services'];
    tickets: ReturnType<typeof createTicketsModule>['services'];
    parts: ReturnType<typeof createPartsModule>['services'];
    feedback: ReturnType<typeof createFeedbackModule>['services'];
  };
};

export async function buildApp(options: AppOptions): Promise<App> {
  const { db, clock } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 2 * 1024 * 1024,
    ajv: undefined,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const access = trackRouteAccess(app);

  const settings = createSettingsService({ db });
  const auth = createAuthService({ db, clock, settings });
  const sessionHours = await settings.get('auth.sessionHours');

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: options.sessionSecret,
    cookieName: 'aftercare.sid',
    saveUninitialized: false,
    rolling: false,
    store: createSessionStore(db, sessionHours * 3_600_000),
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.cookieSecure ?? false,
      path: '/',
      maxAge: sessionHours * 3_600_000,
    },
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
  await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1 } });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: '售后通 Aftercare API',
        version: '0.1.0',
        description:
          'After-sales service management. Sign in with POST /api/auth/sign-in; writes need the x-csrf-token header from /api/auth/me.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'aftercare.sid' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // Who is calling, and may they? Runs before body parsing and validation, so a refused caller
  // learns nothing about the input rules.
  app.addHook('onRequest', async (request, reply) => {
    const routeAccess = request.routeOptions.config?.access;
    const userId = request.session?.get('userId');
    let actor: Actor | undefined;
    if (userId) {
      // The session store reads the user in the same query as the session (see session-store.ts).
      const loaded = request.session.get('loadedActor');
      actor = loaded === undefined ? await auth.loadActor(userId) : (loaded ?? undefined);
      if (!actor) await request.session.destroy();
    }
    request.actor = actor;
    if (!routeAccess || !request.url.startsWith('/api')) return;
    if (routeAccess !== 'public' && !actor) {
      throw new AppError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in' });
    }
    if (!isAllowed(routeAccess, actor)) {
      throw new AppError('FORBIDDEN', { zh: '您的角色无权执行此操作', en: 'Your role may not do this' });
    }
    if (actor && unsafeMethods.has(request.method)) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()));
      });
    }
  });

  await app.register(systemRoutes({ db }));
  await app.register(authRoutes(auth));
  const org = createOrgModule({ db, clock, settings });
  await app.register(org.routes);
  const customers = createCustomersModule({ db, clock, settings });
  await app.register(customers.routes);
  const notify = createNotifyModule({ db, settings, logger: app.log, senders: options.senders });
  await app.register(notify.routes);
  const slaClocks = createSlaClocksService({ db, clock, settings });
  const sla = createSlaModule({ db, clock, recomputeCalendar: slaClocks.recomputeCalendar });
  await app.register(sla.routes);
  const tickets = createTicketsModule({ db, clock, settings, slaClocks });
  await app.register(tickets.routes);
  const dispatch = createDispatchModule({ db, clock, settings, slaClocks });
  await app.register(dispatch.routes);
  const parts = createPartsModule({ db, clock, settings });
  await app.register(parts.routes);
  const feedback = createFeedbackModule({
    db,
    clock,
    settings,
    portal: {
      tickets: tickets.services,
      customers: customers.services.customers,
      secret: options.sessionSecret,
      cookieSecure: options.cookieSecure,
    },
  });
  await app.register(feedback.routes);

  const webDist = options.webDist;
  const hasWeb = Boolean(webDist && existsSync(path.join(webDist, 'index.html')));
  if (hasWeb)
    await app.register(fastifyStatic, { root: webDist!, prefix: '/', wildcard: false, index: ['index.html'] });
  installNotFoundHandler(app, { spa: hasWeb });

  access.assertDeclared();
  await app.ready();
  return Object.assign(app as FastifyInstance, {
    routeAccess: access.routes,
    services: {
      auth,
      settings,
      org: org.services,
      customers: customers.services,
      notify: notify.services,
      slaClocks,
      dispatch: dispatch.services,
      tickets: tickets.services,
      parts: parts.services,
      feedback: feedback.services,
    },
  });
}
