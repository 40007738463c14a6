// Serves app.mjs in Deno: `deno run --allow-net=127.0.0.1 test/runtimes/deno.mjs <port>`. Run by
// scripts/check-runtimes.mjs.
/* global Deno */
import app from './app.mjs';

Deno.serve({ hostname: '127.0.0.1', port: Number(Deno.args[0]) }, app.fetch);
