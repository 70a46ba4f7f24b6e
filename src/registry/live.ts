// --live: reads this Windows machine's TLS keys with `reg.exe query` (read only) and parses the output.
import { execFile } from 'node:child_process';
import { MailtlsError } from '../errors.js';
import { decodeInput } from './decode.js';
import { parseRegQueryText } from './parse-query.js';
import { CURRENT_VERSION_KEY, SCHANNEL, SUITE_LOCAL_KEY, SUITE_POLICY_KEY, dotnetKey, winhttpKey } from './paths.js';
import type { RegSource } from './types.js';

/** Runs a program and returns its stdout and exit code (injectable for tests on other platforms). */
export type Exec = (file: string, args: readonly string[]) => Promise<{ stdout: Uint8Array; code: number }>;

/** The keys --live reads, HKLM-relative. */
export const LIVE_KEYS: readonly string[] = [
  SCHANNEL,
  dotnetKey('v4.0.30319', '64-bit'),
  dotnetKey('v4.0.30319', '32-bit'),
  dotnetKey('v2.0.50727', '64-bit'),
  dotnetKey('v2.0.50727', '32-bit'),
  winhttpKey('64-bit'),
  winhttpKey('32-bit'),
  SUITE_LOCAL_KEY,
  SUITE_POLICY_KEY,
];

const defaultExec: Exec = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { encoding: 'buffer', windowsHide: true, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
        reject(new MailtlsError('EIO', `cannot run ${file}: ${(err as Error).message}`));
        return;
      }
      const code = err ? Number((err as { code?: unknown }).code ?? 1) : 0;
      resolve({ stdout, code: Number.isFinite(code) ? code : 1 });
    });
  });

/** Reads the live registry of this machine through reg.exe (64-bit view). Windows only; elsewhere EUNSUPPORTED. */
export async function readLiveRegistry(opts: { exec?: Exec; platform?: string } = {}): Promise<RegSource> {
  const platform = opts.platform ?? process.platform;
  if (platform !== 'win32') {
    throw new MailtlsError(
      'EUNSUPPORTED',
      '--live reads the registry with reg.exe and only works on Windows; on other systems give a .reg export or reg query output',
    );
  }
  const exec = opts.exec ?? defaultExec;
  const parts: string[] = [];
  for (const key of LIVE_KEYS) {
    const r = await exec('reg.exe', ['query', `HKLM\\${key}`, '/s', '/reg:64']);
    if (r.code === 0) parts.push(decodeInput(r.stdout, 'reg.exe').text);
  }
  const build = await exec('reg.exe', ['query', `HKLM\\${CURRENT_VERSION_KEY}`, '/v', 'CurrentBuild', '/reg:64']);
  if (build.code === 0) parts.push(decodeInput(build.stdout, 'reg.exe').text);
  return parseRegQueryText(parts.join('\r\n'), 'reg.exe', 'reg.exe');
}
