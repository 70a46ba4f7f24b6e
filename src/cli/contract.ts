// The CLI contract in one place: output paths checked before the work and written atomically (never onto an input),
// `-` for stdout, one-line errors, and Ctrl-C (first: stop and keep what is done; second: at once) for every command.
import { randomBytes } from 'node:crypto';
import { access, constants, lstat, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { MailtlsError } from '../errors.js';
import { ui } from './catalog.js';
import type { Lang } from '../i18n/lang.js';
import { fsReason } from '../net/input.js';
import { sanitize } from '../net/sanitize.js';

/** Exit status after Ctrl-C (SIGINT) or SIGTERM: 128 + 2, as a shell reports a command ended by SIGINT. */
export const EXIT_INTERRUPTED = 130;

const shown = (p: string): string => sanitize(p, 200);

/** One output a command will write: a file (checked, resolved to its real path) or stdout (`-`). */
export interface PlannedOutput {
  option: string;
  path: string;
  /** `-`: the data goes to stdout. */
  stdout: boolean;
  /** The real path the data replaces (symbolic links followed), for files. */
  target: string;
}

/** The real path of `p`, or of its directory joined with its name when `p` does not exist yet. */
async function realOf(p: string): Promise<string | null> {
  try {
    return await realpath(p);
  } catch {
    try {
      return join(await realpath(dirname(resolve(p))), basename(p));
    } catch {
      return null;
    }
  }
}

/**
 * Checks every output path before any long work starts: its directory exists and is writable, it is not a directory
 * or a device, it names no input (real paths compared) and no other output, and at most one output is stdout.
 * `stdoutUsedBy` names the option that already prints on stdout (`--json`), if any.
 */
export async function planOutputs(
  lang: Lang,
  o: { inputs: readonly string[]; outputs: readonly { option: string; path: string | undefined }[]; stdoutUsedBy?: string | undefined },
): Promise<Record<string, PlannedOutput>> {
  const inputs = new Map<string, string>();
  const inodes = new Set<string>(); // a hard link to an input has another path but is the same file
  for (const i of o.inputs) {
    if (i === '-' || i === '') continue;
    const r = await realOf(i);
    if (r) inputs.set(r, i);
    const ist = await stat(i).catch(() => null);
    if (ist?.isFile()) inodes.add(`${ist.dev}:${ist.ino}`);
  }
  const planned: Record<string, PlannedOutput> = {};
  const targets = new Map<string, string>();
  let stdoutBy = o.stdoutUsedBy;
  for (const { option, path } of o.outputs) {
    if (path === undefined) continue;
    if (path === '') throw new MailtlsError('EUSAGE', ui('cli.out.empty', lang, { option }));
    if (path === '-') {
      if (stdoutBy) throw new MailtlsError('EUSAGE', ui('cli.out.stdout-twice', lang, { a: stdoutBy, b: `${option} -` }));
      stdoutBy = `${option} -`;
      planned[option] = { option, path, stdout: true, target: '-' };
      continue;
    }
    const target = await realOf(path);
    if (!target) throw new MailtlsError('EIO', ui('cli.out.no-dir', lang, { option, path: shown(path) }));
    const st = await stat(target).catch(() => null);
    if (st && st.isDirectory()) throw new MailtlsError('EUSAGE', ui('cli.out.is-dir', lang, { option, path: shown(path) }));
    if (st && !st.isFile()) throw new MailtlsError('EUSAGE', ui('cli.out.special', lang, { option, path: shown(path) }));
    const dir = dirname(target);
    const dst = await stat(dir).catch(() => null);
    if (!dst || !dst.isDirectory()) throw new MailtlsError('EIO', ui('cli.out.no-dir', lang, { option, path: shown(path) }));
    // a directory on a virtual file system (/proc, /sys) says it is writable and then refuses the file
    if (/^\/(proc|sys)(\/|$)/.test(dir))
      throw new MailtlsError('EIO', ui('cli.out.unwritable', lang, { option, path: shown(path), reason: 'virtual file system' }));
    try {
      await access(dir, constants.W_OK);
      if (st) await access(target, constants.W_OK);
    } catch (e) {
      throw new MailtlsError('EIO', ui('cli.out.unwritable', lang, { option, path: shown(path), reason: fsReason(e) }));
    }
    const input = inputs.get(target) ?? (st && inodes.has(`${st.dev}:${st.ino}`) ? target : undefined);
    if (input !== undefined) throw new MailtlsError('EUSAGE', ui('cli.out.is-input', lang, { option, path: shown(path) }));
    const other = targets.get(target);
    if (other !== undefined) throw new MailtlsError('EUSAGE', ui('cli.out.same', lang, { a: other, b: option, path: shown(path) }));
    targets.set(target, option);
    planned[option] = { option, path, stdout: false, target };
  }
  return planned;
}

/**
 * Writes `data` to a planned output: stdout, or a temporary file next to the target renamed over it (the old file
 * stays whole when the disk is full). Errors name the output, never the temporary file.
 */
export async function writeOutput(out: PlannedOutput, data: string | Uint8Array, lang: Lang): Promise<void> {
  if (out.stdout) {
    await writeStdout(data);
    return;
  }
  const tmp = join(dirname(out.target), `.${basename(out.target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let mode = 0o666;
  try {
    const st = await lstat(out.target);
    mode = st.mode & 0o777;
  } catch {
    /* new file */
  }
  try {
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(data);
      await fh.sync().catch(() => undefined);
    } finally {
      await fh.close();
    }
    await rename(tmp, out.target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new MailtlsError('EIO', ui('cli.out.failed', lang, { option: out.option, path: shown(out.path), reason: fsReason(e) }));
  }
}

/** Writes to stdout and waits until it is flushed; a failure is one MailtlsError (EPIPE and ENOSPC alike). */
export function writeStdout(data: string | Uint8Array): Promise<void> {
  return new Promise((resolveWrite, reject) => {
    // accepted without back-pressure: done (a later failure reaches the stream's 'error' handler in bin/mailtls.js)
    const ok = process.stdout.write(data, (e) => {
      if (e) reject(new MailtlsError('EIO', `cannot write to stdout: ${fsReason(e)}`, { stdout: true }));
      else resolveWrite();
    });
    if (ok) resolveWrite();
  });
}

/** A stop request (Ctrl-C / SIGTERM) for one command: say so at once, abort the work, a second one exits at once. */
export interface Interruption {
  signal: AbortSignal;
  readonly interrupted: boolean;
  /** Removes the signal handlers (call in `finally`). */
  dispose(): void;
}

/**
 * Catches SIGINT and SIGTERM while a command works. The first prints one line on stderr ("stopping, keeping what is
 * done; Ctrl-C again to stop at once") and aborts `signal`; the second exits with 130 at once.
 */
export function interruption(lang: Lang, what = 'cli.interrupt.stopping'): Interruption {
  const ac = new AbortController();
  let count = 0;
  const onSignal = (): void => {
    count++;
    if (count === 1) {
      try {
        process.stderr.write(`\nmailtls: ${ui(what, lang)}\n`);
      } catch {
        /* stderr gone */
      }
      ac.abort();
    } else {
      try {
        process.stderr.write(`mailtls: ${ui('cli.interrupt.forced', lang)}\n`);
      } catch {
        /* stderr gone */
      }
      process.exit(EXIT_INTERRUPTED);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ac.signal,
    get interrupted() {
      return count > 0;
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // already stopping: a further Ctrl-C while the command writes what it kept still ends with 130, not a signal death
      if (count > 0) {
        const late = (): void => process.exit(EXIT_INTERRUPTED);
        process.once('SIGINT', late);
        process.once('SIGTERM', late);
      }
    },
  };
}

/** Resolves with null `ms` after `signal` aborts (never, if it does not): the grace a command gives its work after Ctrl-C. */
export function afterAbort(signal: AbortSignal, ms: number): Promise<null> {
  return new Promise((resolveLater) => {
    const go = (): void => {
      setTimeout(() => resolveLater(null), ms);
    };
    if (signal.aborted) go();
    else signal.addEventListener('abort', go, { once: true });
  });
}
