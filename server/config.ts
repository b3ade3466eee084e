import path from 'node:path';
import { z } from 'zod';

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** PostgreSQL server to use; when unset the app runs its own embedded PostgreSQL in DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('data'),
  /** Seed demo data on the first start with an empty database. */
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  /** Secret for signing session cookies; generated and stored in the database when unset. */
  SESSION_SECRET: z.string().min(32).optional(),
  /** Serve the cookie only over HTTPS (set behind a TLS-terminating proxy). */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  seedDemo: boolean;
  sessionSecret?: string;
  cookieSecure: boolean;
  trustProxy: boolean;
  logLevel: string;
  webDist?: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset (e.g. `DATABASE_URL= npm start`).
  const parsed = configSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  const value = parsed.data;
  return {
    port: value.PORT,
    host: value.HOST,
    databaseUrl: value.DATABASE_URL,
    dataDir: path.resolve(value.DATA_DIR),
    seedDemo: value.SEED_DEMO === 'auto',
    sessionSecret: value.SESSION_SECRET,
    cookieSecure: value.COOKIE_SECURE === 'true',
    trustProxy: value.TRUST_PROXY === 'true',
    logLevel: value.LOG_LEVEL,
    webDist: value.WEB_DIST,
  };
}
