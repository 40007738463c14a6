/**
 * A throwaway PostgreSQL server for tests and the receipts bench: Debian's server binaries
 * (/usr/lib/postgresql/<version>/bin), a cluster made by initdb in a temporary directory, listening on
 * 127.0.0.1 at a free port, run as an unprivileged user when we are root (PostgreSQL refuses root),
 * and deleted when stopped. Missing binaries are an error, never a silent skip: CI installs them.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** Stops the server and starts it again on the same port (a database restart, for fault tests). */
  restart(): void;
  stop(): void;
  /** Stops it and deletes its directory. */
  destroy(): void;
  start(): void;
}

function binaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: apt-get install postgresql (.ci/run does)');
  return join(root, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts a fresh cluster. `durable: false` turns fsync off (tests); the bench keeps it on. */
export async function startPostgres({ durable = false } = {}): Promise<ThrowawayPostgres> {
  const bin = binaries();
  const dir = mkdtempSync(join(tmpdir(), 'cc-pg-'));
  const data = join(dir, 'data');
  const root = process.getuid?.() === 0;
  if (root) {
    chownSync(dir, 65534, 65534);
    chmodSync(dir, 0o700);
  }
  // As `nobody` when root: runuser keeps the environment small and the process unprivileged.
  const run = (tool: string, args: string[]) =>
    execFileSync(root ? 'runuser' : join(bin, tool), root ? ['-u', 'nobody', '--', join(bin, tool), ...args] : args, { stdio: 'pipe', cwd: dir });
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60${durable ? '' : ' -c fsync=off -c synchronous_commit=off'}`;
  const start = () => void run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', '-t', '30', 'start']);
  const stop = () => void run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    restart: () => void run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-m', 'fast', '-w', 'restart']),
    destroy() {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
