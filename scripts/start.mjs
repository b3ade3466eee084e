/** `npm start`: build once if needed, then run the server (embedded PostgreSQL unless DATABASE_URL is set). */
import { ensureBuild } from './ensure-build.mjs';

ensureBuild();
await import('../dist/server/main.js');
