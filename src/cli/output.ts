// Terminal output for the CLI only: colour on a TTY, clean --json on stdout, progress on stderr, one-line errors.
import { writeSync } from 'node:fs';
import pc from 'picocolors';
import { isMailtlsError, EXIT } from '../errors.js';
import { sanitize } from '../net/sanitize.js';
import { fsReason } from '../net/input.js';
import type { Lang } from '../i18n/lang.js';
import type { Finding } from '../findings/types.js';
import { ui } from './catalog.js';

/** Colour functions that are identity unless stdout is a TTY (and NO_COLOR is unset). */
export function colours(stream: NodeJS.WriteStream = process.stdout) {
  const on = Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  return pc.createColors(on);
}

/**
 * Writes text to stdout at once without making process.stdout (commander's version and help text: a start that prints
 * only that does not load Node's stream modules). What a non-blocking pipe cannot take now (EAGAIN) goes through
 * process.stdout; any other failure (EPIPE, ENOSPC) is handed to process.stdout's 'error' handlers, as a failed write
 * of its own would be.
 */
export function writeStdoutNow(text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  try {
    while (off < buf.length) off += writeSync(1, buf, off);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN') process.stdout.write(buf.subarray(off));
    else process.stdout.emit('error', e);
  }
}

/** Writes one JSON document (or line) to stdout. */
export function printJson(value: unknown, pretty = true): void {
  process.stdout.write(JSON.stringify(value, null, pretty ? 2 : 0) + '\n');
}

/** One line per finding: severity, id, message (message already in the chosen language). */
export function formatFinding(f: Finding, lang: Lang, c = colours()): string {
  const label = ui(`cli.severity.${f.severity}`, lang);
  const col = f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.dim;
  return `${col(label.padEnd(7))} ${c.dim(f.id)}  ${f.message}`;
}

/** A progress bar on stderr, drawn only on a TTY; `done` erases it. Without a known total it shows only the count. */
export class Progress {
  private readonly tty: boolean;
  private readonly start = Date.now();
  private last = 0;
  constructor(
    private total: number,
    private label = '',
    private stream: NodeJS.WriteStream = process.stderr,
    private unit = '',
  ) {
    this.tty = Boolean(stream.isTTY) && !process.env.CI;
  }
  setTotal(total: number): void {
    this.total = total;
  }
  update(done: number): void {
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.last < 100 && done < this.total) return;
    this.last = now;
    const width = 28;
    const u = this.unit ? ` ${this.unit}` : '';
    const secs = (now - this.start) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    if (this.total <= 0 || done > this.total) {
      // the total is not known (yet): never "1/0"
      this.stream.write(`\r${this.label} ${done}${u} ${rate.toFixed(1)}${u || ' '}/s \x1b[K`.replace(' /s', '/s'));
      return;
    }
    const frac = Math.min(1, done / this.total);
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const eta = rate > 0 ? Math.max(0, (this.total - done) / rate) : 0;
    this.stream.write(`\r${this.label} ${bar} ${done}/${this.total}${u} ${rate.toFixed(1)}${u}/s ETA ${eta.toFixed(0)} s \x1b[K`);
  }
  done(): void {
    if (this.tty) this.stream.write('\r\x1b[K');
  }
}

/** Reports an error on stderr as one line and returns exit status 2; stack traces only with MAILTLS_DEBUG. */
export function reportError(e: unknown): number {
  if (process.env.MAILTLS_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const msg = isMailtlsError(e)
    ? e.message
    : e instanceof Error
      ? typeof code === 'string' && /^E[A-Z]+$/.test(code)
        ? `${fsReason(e)}: ${e.message.replace(/^\w+: /, '')}`
        : e.message
      : String(e);
  try {
    process.stderr.write(`mailtls: ${sanitize(msg, 1000)}\n`);
  } catch {
    /* stderr gone: the status still tells */
  }
  return EXIT.FAILED;
}

/** Exit status from findings: 1 when any error-level finding, else 0. */
export function exitFor(findings: readonly Finding[]): number {
  return findings.some((f) => f.severity === 'error') ? EXIT.FINDINGS : EXIT.OK;
}
