/**
 * Builds the app when dist/ is missing or older than the sources, so `npm start` and `npm test`
 * work straight after `npm install` and skip the build when nothing changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const sources = [
  'server',
  'web',
  'package-lock.json',
  'vite.config.ts',
  'tsconfig.json',
  'tsconfig.server.json',
  'tsconfig.web.json',
];

function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry.endsWith('.test.ts')) continue;
    latest = Math.max(latest, newest(path.join(target, entry)));
  }
  return latest;
}

export function ensureBuild() {
  const built =
    existsSync(stamp) &&
    existsSync(path.join(root, 'dist', 'server', 'main.js')) &&
    existsSync(path.join(root, 'dist', 'web', 'index.html'));
  const sourceTime = Math.max(...sources.map((source) => newest(path.join(root, source))));
  if (built && statSync(stamp).mtimeMs >= sourceTime) return;
  console.log('[build] building the app (first start or sources changed)…');
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error('[build] failed');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, new Date().toISOString());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureBuild();
