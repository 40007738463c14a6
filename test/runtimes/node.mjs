// Serves app.mjs in Node through @hono/node-server, as a Fetch API app: `node test/runtimes/node.mjs <port>`.
// scripts/check-runtimes.mjs runs it first, to show that its expectations are what Node answers.
import { serve } from '@hono/node-server';
import app from './app.mjs';

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.argv[2]) });
