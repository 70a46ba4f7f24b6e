// Reads scan targets: one domain or host per line, or one column of a CSV file; comments, blanks and duplicates dropped.
import { isIP } from 'node:net';
import { MailtlsError } from '../errors.js';
import { sanitize } from '../net/sanitize.js';

export interface TargetsOptions {
  /** CSV column (1-based number or header name); when unset, a line is a target (a CSV is read as its first column). */
  column?: string | number;
  /** Cap on the number of targets (default 10 million). */
  max?: number;
}

export interface ParsedTargets {
  targets: string[];
  /** Lines that were dropped because they were duplicates. */
  duplicates: number;
  /** Lines that were not a plausible target, with their line number. */
  invalid: { line: number; text: string }[];
}

const MAX_LINE = 1024;

/** Splits one CSV line into fields (RFC 4180 quotes; `,` or `;` separator). */
function csvFields(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

/** Normalises a target: trims, lower-cases a name, drops a trailing dot and a `mailto:`/`@` prefix; '' when unusable. */
export function normalizeTarget(raw: string): string {
  let t = raw.trim();
  if (t.includes('@') && !t.startsWith('[')) t = t.slice(t.lastIndexOf('@') + 1);
  t = t.replace(/^mailto:/i, '');
  if (isIP(t) === 6) return `[${t.toLowerCase()}]`;
  if (t.startsWith('[')) return /^\[[0-9a-fA-F:.]+\](:\d{1,5})?$/.test(t) ? t.toLowerCase() : '';
  const m = /^([^:\s]+?)\.?(:\d{1,5})?$/.exec(t);
  if (!m) return '';
  const name = (m[1] as string).toLowerCase();
  // at least two labels: a single word is a header or a typo, not a mail domain
  if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)+$/.test(name) || name.length > 253) return '';
  const port = m[2];
  if (port && Number(port.slice(1)) > 65535) return '';
  return name + (port ?? '');
}

/** Parses the text of a targets file. */
export function parseTargets(text: string, opts: TargetsOptions = {}): ParsedTargets {
  const max = opts.max ?? 10_000_000;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const seen = new Set<string>();
  const targets: string[] = [];
  const invalid: ParsedTargets['invalid'] = [];
  let duplicates = 0;
  let colIndex: number | null = typeof opts.column === 'number' ? opts.column - 1 : null;
  let headerPending = typeof opts.column === 'string' && !/^\d+$/.test(opts.column);
  if (typeof opts.column === 'string' && /^\d+$/.test(opts.column)) colIndex = Number(opts.column) - 1;
  let sep: string | null = null;
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n] as string;
    if (line.length > MAX_LINE) {
      invalid.push({ line: n + 1, text: sanitize(line, 60) });
      continue;
    }
    const hash = line.indexOf('#');
    if (hash >= 0) line = line.slice(0, hash);
    line = line.trim();
    if (line === '') continue;
    if (sep === null && /[,;]/.test(line)) sep = line.includes(',') ? ',' : ';';
    let field = line;
    if (sep !== null || colIndex !== null) {
      const fields = csvFields(line, sep ?? ',');
      if (headerPending) {
        const want = String(opts.column).toLowerCase();
        const idx = fields.findIndex((f) => f.toLowerCase() === want);
        if (idx < 0) throw new MailtlsError('EINPUT', `column "${sanitize(String(opts.column), 60)}" is not in the header line`);
        colIndex = idx;
        headerPending = false;
        continue;
      }
      field = fields[colIndex ?? 0] ?? '';
    }
    const t = normalizeTarget(field);
    if (!t) {
      // a header row of a CSV without an explicit column ("domain", "host") is skipped silently
      if (!(targets.length === 0 && invalid.length === 0 && /^[a-z _-]+$/i.test(field))) invalid.push({ line: n + 1, text: sanitize(field, 60) });
      continue;
    }
    if (seen.has(t)) {
      duplicates++;
      continue;
    }
    seen.add(t);
    targets.push(t);
    if (targets.length > max) throw new MailtlsError('ELIMIT', `more than ${max} targets`);
  }
  if (headerPending) throw new MailtlsError('EINPUT', `column "${sanitize(String(opts.column), 60)}" not found: the file is empty`);
  return { targets, duplicates, invalid };
}
