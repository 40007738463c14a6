// A self-signed certificate for localhost, made for this run (with `openssl`): real HTTPS on 127.0.0.1 for
// the tests whose browser contexts accept it (`ignoreHTTPSErrors`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `{ key, cert }` for `https.createServer`, valid for a day; nothing is left on disk. */
export function certificate() {
  const dir = mkdtempSync(join(tmpdir(), 'cce-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
