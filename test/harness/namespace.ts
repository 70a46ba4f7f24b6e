// Runs a daemon that insists on fixed paths (/etc/passwd users, /var/spool, /run) in a private mount namespace
// (`unshare --mount` + bind mounts) so it runs beside Postfix without touching the system; for exim.ts and opensmtpd.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portOpen } from './postfix.js';

/** Why a namespaced daemon cannot run here (null when it can): a missing binary, no unshare, not root. */
export function namespaceUnavailableReason(binary: string, install: string): string | null {
  if (!existsSync(binary)) return `${binary} is not installed (${install})`;
  if (!['/usr/bin/unshare', '/bin/unshare'].some((p) => existsSync(p))) return 'unshare (util-linux) is not installed';
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'needs root for unshare --mount and bind mounts';
  return null;
}

export interface NamespacedDaemon {
  dir: string;
  host: string;
  port: number;
  address: string;
  /** Everything the daemon wrote to stdout/stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface NamespaceSpec {
  /** Temp dir prefix. */
  prefix: string;
  /** Lines appended to private copies of /etc/passwd and /etc/group (the daemon's users). */
  passwd: string[];
  group: string[];
  /** Private directories (created under the temp dir) bind-mounted over these absolute paths. */
  binds: Record<string, string>;
  /** Writes config files into `dir` and returns the command line (argv) to exec inside the namespace. */
  prepare(dir: string, port: number): string[];
  host: string;
  port: number;
  /** How long to wait for the port (fail fast: the daemon exiting ends the wait at once). */
  startMs?: number;
}

/** Starts the daemon in its own mount namespace and waits until its port accepts connections. */
export async function startNamespaced(spec: NamespaceSpec): Promise<NamespacedDaemon> {
  const dir = mkdtempSync(join(tmpdir(), spec.prefix));
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'passwd'), readFileSync('/etc/passwd', 'utf8') + spec.passwd.map((l) => `${l}\n`).join(''));
  writeFileSync(join(dir, 'group'), readFileSync('/etc/group', 'utf8') + spec.group.map((l) => `${l}\n`).join(''));
  const argv = spec.prepare(dir, spec.port);
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines = ['set -e', 'mount --make-rprivate /', `mount --bind ${q(join(dir, 'passwd'))} /etc/passwd`, `mount --bind ${q(join(dir, 'group'))} /etc/group`];
  for (const [target, src] of Object.entries(spec.binds)) lines.push(`mount --bind ${q(join(dir, src))} ${q(target)}`);
  lines.push(`exec ${argv.map(q).join(' ')}`);
  writeFileSync(join(dir, 'run.sh'), `${lines.join('\n')}\n`, { mode: 0o755 });
  let out = '';
  const child: ChildProcess = spawn('unshare', ['--mount', 'sh', join(dir, 'run.sh')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (b: Buffer) => (out = (out + b.toString('utf8')).slice(-20_000)));
  child.stderr?.on('data', (b: Buffer) => (out = (out + b.toString('utf8')).slice(-20_000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  const kill = (): void => {
    if (!exited) child.kill('SIGTERM');
  };
  process.once('exit', kill);
  const stop = async (): Promise<void> => {
    process.off('exit', kill);
    kill();
    if (!exited)
      await new Promise((r) => {
        child.once('exit', r);
        setTimeout(r, 3000);
      });
    // (a daemon's own children — Exim's receiving processes — can still be writing to its spool for a moment after it
    // exits: the removal is tried again instead of failing the test with ENOTEMPTY)
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  };
  const end = Date.now() + (spec.startMs ?? 15_000);
  while (Date.now() < end) {
    if (exited) break;
    if (await portOpen(spec.host, spec.port, 300)) {
      return { dir, host: spec.host, port: spec.port, address: `${spec.host}:${spec.port}`, output: () => out, stop };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`${argv[0]} did not listen on ${spec.host}:${spec.port}${exited ? ' (it exited)' : ''}: ${out.slice(-1500)}`);
}
