import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));
const serverDir = `${path.join(repoRoot, 'server')}${path.sep}`;
/** Where `vite` (dev) sends /api; the app server listens on :3000 unless told otherwise. */
const apiTarget = process.env.API_TARGET ?? 'http://localhost:3000';

/**
 * The server's TypeScript is written for NodeNext, so its relative imports end in `.js` while the
 * files on disk end in `.ts`. The web app imports the shared contracts straight from server/, so
 * those imports are mapped back to the `.ts` source here.
 */
function serverJsToTs(): Plugin {
  return {
    name: 'aftercare:server-js-to-ts',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const importerPath = importer.split('?')[0];
      if (!importerPath.startsWith(serverDir)) return null;
      const candidate = path.resolve(path.dirname(importerPath), `${source.slice(0, -3)}.ts`);
      return existsSync(candidate) ? candidate : null;
    },
  };
}

export default defineConfig({
  root: path.join(repoRoot, 'web'),
  publicDir: path.join(repoRoot, 'web', 'public'),
  plugins: [serverJsToTs(), react()],
  build: {
    outDir: path.join(repoRoot, 'dist', 'web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // The framework rarely changes between releases, so it gets its own long-cached chunk.
          // antd is left to automatic splitting: each page pulls only the components it uses.
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/,
              priority: 2,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    fs: { allow: [repoRoot] },
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
