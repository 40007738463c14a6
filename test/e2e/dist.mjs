// The built files as a site hosts them: what an end-to-end server answers for any path it does not serve
// itself. Needs `npm run build` first.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

export const dist = new URL('../../dist/', import.meta.url);
export const types = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html; charset=utf-8' };

/** Answers with `file` (by default dist/ + `path`), typed by its extension, or 404 when there is none. */
export function sendDist(res, path, file = new URL(`.${path}`, dist)) {
  let body;
  try {
    if (path.includes('..')) throw new Error('outside dist/');
    body = readFileSync(file);
  } catch {
    return void res.writeHead(404).end();
  }
  res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
}
