// Serves app.mjs in Bun: `bun test/runtimes/bun.mjs <port>`. Run by scripts/check-runtimes.mjs.
/* global Bun */
import app from './app.mjs';

const server = Bun.serve({ hostname: '127.0.0.1', port: Number(Bun.argv[2]), fetch: app.fetch });
console.log(`listening on ${server.port}`);
