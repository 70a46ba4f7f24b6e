// Reads one input (a regular file or `-` for stdin) with a size cap: devices, FIFOs, directories and binaries are refused.
import { fstatSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { MailtlsError } from '../errors.js';
import { format, type Lang, type Params, type Text } from '../i18n/lang.js';
import { sanitize } from './sanitize.js';

const TEXTS: Record<string, Text> = {
  missing: { en: 'cannot read {name}: no such file', nl: 'kan {name} niet lezen: bestand bestaat niet' },
  directory: { en: '{name} is a directory; give a {what} file', nl: '{name} is een map; geef een {what}-bestand op' },
  special: {
    en: '{name} is not a regular file (a device, pipe or socket); save the {what} to a file first, or pipe it on stdin with -',
    nl: '{name} is geen gewoon bestand (een apparaat, pipe of socket); sla de {what} eerst op in een bestand, of stuur die via stdin met -',
  },
  'too-large': {
    en: '{name} is larger than {max} for a {what}; is this the right file?',
    nl: '{name} is groter dan {max} voor een {what}; is dit het juiste bestand?',
  },
  'special-stdin': {
    en: 'stdin is a device (such as /dev/zero), not a {what}; redirect a file or pipe the {what} instead',
    nl: 'stdin is een apparaat (zoals /dev/zero), geen {what}; stuur een bestand of de {what} via een pipe',
  },
  binary: {
    en: '{name} looks binary (it contains NUL bytes), not a {what}',
    nl: '{name} lijkt binair (bevat NUL-bytes), geen {what}',
  },
  unreadable: { en: 'cannot read {name}: {reason}', nl: 'kan {name} niet lezen: {reason}' },
};

function inputError(key: string, lang: Lang, params: Params, code: 'EINPUT' | 'EIO' = 'EINPUT'): MailtlsError {
  return new MailtlsError(code, format((TEXTS[key] as Text)[lang], params), { reason: key, ...params });
}

/** Bytes as people read them: 16 MiB, 512 KiB. */
export function formatBytes(n: number): string {
  if (n >= 1 << 30 && n % (1 << 30) === 0) return `${n / (1 << 30)} GiB`;
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** The reason of a file-system error in words (no temporary names, no stack). */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on device',
    EROFS: 'read-only file system',
    EISDIR: 'is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    EDQUOT: 'disk quota exceeded',
    EFBIG: 'file too large',
    EIO: 'input/output error',
    EXDEV: 'on another file system',
    ENAMETOOLONG: 'name too long',
    ELOOP: 'too many symbolic links',
    EMFILE: 'too many open files',
    EBUSY: 'resource busy',
    ETXTBSY: 'file busy',
    EEXIST: 'already exists',
    EINVAL: 'invalid argument',
  };
  if (code && words[code]) return words[code] as string;
  return code ?? sanitize((e as Error)?.message ?? String(e), 200);
}

export interface InputLimits {
  /** What the input should be, in words ("registry export", "targets list"): used in messages. */
  what: string;
  /** Largest input accepted. */
  maxBytes: number;
  /** Accept NUL bytes (binary data); UTF-16 text with a byte-order mark is always accepted. */
  allowBinary?: boolean;
  lang?: Lang;
  stdin?: NodeJS.ReadableStream;
}

/** NUL bytes in the first 64 KiB of a text without a UTF-16 byte-order mark. */
export function looksBinary(b: Uint8Array): boolean {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return false;
  return b.subarray(0, 65536).includes(0);
}

async function readCapped(chunks: AsyncIterable<Buffer | string>, max: number, onTooLarge: () => MailtlsError, onBinary?: () => MailtlsError): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  let checked = false;
  for await (const c of chunks) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    total += b.length;
    if (total > max) throw onTooLarge();
    parts.push(b);
    // binary data (cat /dev/zero | mailtls ...) is refused from its first 64 KiB, not after reading up to the cap
    if (onBinary && !checked && (total >= 65536 || total >= max)) {
      checked = true;
      if (looksBinary(Buffer.concat(parts))) throw onBinary();
    }
  }
  return Buffer.concat(parts);
}

/** stdin may be a pipe, a file or a terminal; a device (`< /dev/zero`, `< /dev/urandom`) never ends and is refused. */
export function checkStdin(what: string, lang: Lang = 'en'): void {
  let st;
  try {
    st = fstatSync(0);
  } catch {
    return; // no stdin at all: reading it ends at once
  }
  if (st.isCharacterDevice() && !process.stdin.isTTY) throw inputError('special-stdin', lang, { what });
  if (st.isDirectory()) throw inputError('directory', lang, { name: 'stdin', what });
}

/** Checks that `name` is a regular file (or `-`) without reading it; the kinds of refusal are readInput's. */
export async function checkInputFile(
  name: string,
  what: string,
  lang: Lang = 'en',
  opts: { allowDirectory?: boolean } = {},
): Promise<'stdin' | 'file' | 'directory'> {
  if (name === '-') {
    checkStdin(what, lang);
    return 'stdin';
  }
  const shown = sanitize(name, 200);
  let st;
  try {
    st = await stat(name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw inputError('missing', lang, { name: shown }, 'EIO');
    throw inputError('unreadable', lang, { name: shown, reason: fsReason(e) }, 'EIO');
  }
  if (st.isDirectory()) {
    if (opts.allowDirectory) return 'directory';
    throw inputError('directory', lang, { name: shown, what });
  }
  if (!st.isFile()) throw inputError('special', lang, { name: shown, what });
  return 'file';
}

/** The whole input as bytes: `-` is stdin; otherwise a regular file. Refusals are MailtlsErrors (exit 2). */
export async function readInput(name: string, limits: InputLimits): Promise<Buffer> {
  const lang = limits.lang ?? 'en';
  const shown = name === '-' ? 'stdin' : sanitize(name, 200);
  const tooLarge = (): MailtlsError => inputError('too-large', lang, { name: shown, max: formatBytes(limits.maxBytes), what: limits.what });
  const binary = limits.allowBinary ? undefined : (): MailtlsError => inputError('binary', lang, { name: shown, what: limits.what });
  let buf: Buffer;
  if (name === '-') {
    if (!limits.stdin) checkStdin(limits.what, lang);
    buf = await readCapped((limits.stdin ?? process.stdin) as AsyncIterable<Buffer>, limits.maxBytes, tooLarge, binary);
  } else {
    await checkInputFile(name, limits.what, lang);
    let fh;
    try {
      fh = await open(name, 'r');
    } catch (e) {
      throw inputError('unreadable', lang, { name: shown, reason: fsReason(e) }, 'EIO');
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw inputError('special', lang, { name: shown, what: limits.what }); // swapped since the check
      if (st.size > limits.maxBytes) throw tooLarge();
      buf = await readCapped(fh.createReadStream({ autoClose: false }), limits.maxBytes, tooLarge, binary);
    } catch (e) {
      if (e instanceof MailtlsError) throw e;
      throw inputError('unreadable', lang, { name: shown, reason: fsReason(e) }, 'EIO');
    } finally {
      await fh.close().catch(() => undefined);
    }
  }
  if (binary && looksBinary(buf)) throw binary();
  return buf;
}
