/**
 * System tests run the built app as users run it. The browser journeys need Debian's Chromium:
 * in CI a missing browser fails the run; elsewhere those tests are skipped with a notice.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: string | null;
  }
}

export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '..');
  if (
    !existsSync(path.join(root, 'dist', 'server', 'main.js')) ||
    !existsSync(path.join(root, 'dist', 'web', 'index.html'))
  ) {
    throw new Error('The app is not built: run `npm run build` (npm test does it for you).');
  }
  const hasBrowser = existsSync(CHROMIUM);
  if (!hasBrowser) {
    if (process.env.CI)
      throw new Error(
        `CI is set but Chromium was not found at ${CHROMIUM} (apt-get install -y chromium fonts-wqy-microhei).`,
      );
    console.warn(
      `\n[system] NOTICE: Chromium not found at ${CHROMIUM}; browser tests are skipped (apt-get install -y chromium fonts-wqy-microhei).\n`,
    );
  }
  project.provide('chromium', hasBrowser ? CHROMIUM : null);
}
