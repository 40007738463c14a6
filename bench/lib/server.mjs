// A tiny static server on 127.0.0.1 for the benchmark pages. Every response gets the same headers
// (type, length, no-store), bodies are sent uncompressed and read once at start-up, so neither the disk
// nor a cache nor compression on the fly is a variable between widgets.
import http from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};
const typeOf = (path) => types[path.slice(path.lastIndexOf('.'))] || 'application/octet-stream';

/**
 * Every file under `dir` (source maps and type declarations left out) as routes under `prefix`, so a
 * build is served as it is deployed, whatever files it consists of: the bench counts what a page requests
 * from there, never a file name it knows in advance.
 * @returns {Record<string, string>} URL path -> file
 */
export function filesIn(dir, prefix) {
  const routes = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || /\.(map|d\.ts)$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const rel = file.slice(dir.length).replace(/^\/+/, '');
    if (rel.startsWith('types/')) continue;
    routes[prefix + rel] = file;
  }
  return routes;
}

/**
 * Serve `routes` (URL path -> { body: Buffer | string } or { file: path }) until `close()` is called.
 * @returns {Promise<{ origin: string, bodies: Map<string, Buffer>, close: () => Promise<void> }>}
 */
export async function serve(routes) {
  const bodies = new Map();
  for (const [path, route] of Object.entries(routes)) {
    bodies.set(path, Buffer.from(route.file ? readFileSync(route.file) : route.body));
  }
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname;
    const body = bodies.get(path);
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': typeOf(path === '/' || !path.includes('.') ? '.html' : path),
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
