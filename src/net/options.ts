// One vocabulary for option values shared by the CLI and the capabilities: durations, ports, counts, host names, resolvers.
import { isIP } from 'node:net';
import { MailtlsError } from '../errors.js';
import { format, type Lang, type Params, type Text } from '../i18n/lang.js';
import { sanitize } from './sanitize.js';

/** The longest delay Node's timers keep (2^31-1 ms, about 24.8 days); anything longer fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const TEXTS: Record<string, Text> = {
  duration: {
    en: '{option} wants a time like 10s, 500ms, 5m or 720h (a plain number is seconds), got "{value}"',
    nl: '{option} verwacht een tijd zoals 10s, 500ms, 5m of 720h (een los getal is seconden), niet "{value}"',
  },
  'duration-range': {
    en: '{option} must be from {min} to {max}, got "{value}"',
    nl: '{option} moet tussen {min} en {max} liggen, niet "{value}"',
  },
  int: {
    en: '{option} wants a whole number from {min} to {max}, got "{value}"',
    nl: '{option} verwacht een geheel getal van {min} tot en met {max}, niet "{value}"',
  },
  num: {
    en: '{option} wants a number from {min} to {max}, got "{value}"',
    nl: '{option} verwacht een getal van {min} tot en met {max}, niet "{value}"',
  },
  host: {
    en: '{option} wants a host name (letters, digits, dots, hyphens) or an address literal like [192.0.2.1], got "{value}"',
    nl: '{option} verwacht een hostnaam (letters, cijfers, punten, koppeltekens) of een adres zoals [192.0.2.1], niet "{value}"',
  },
  resolver: {
    en: '{option} wants a DNS server address like 192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:53, got "{value}"',
    nl: '{option} verwacht het adres van een DNS-server zoals 192.0.2.53, 192.0.2.53:5353 of [2001:db8::53]:53, niet "{value}"',
  },
  choice: {
    en: '{option} wants one of {list}, got "{value}"',
    nl: '{option} verwacht een van {list}, niet "{value}"',
  },
  name: {
    en: '{option} wants a name of letters, digits, dots, hyphens and underscores (at most 100), got "{value}"',
    nl: '{option} verwacht een naam van letters, cijfers, punten, koppeltekens en liggende streepjes (hoogstens 100), niet "{value}"',
  },
  'stdin-twice': { en: 'stdin (-) can be read only once', nl: 'stdin (-) kan maar één keer gelezen worden' },
  conflict: {
    en: '{a} and {b} cannot be used together',
    nl: '{a} en {b} kunnen niet samen worden gebruikt',
  },
  requires: {
    en: '{a} needs {b}',
    nl: '{a} werkt alleen met {b}',
  },
};

/** A usage error in the user's language (the option vocabulary's own texts). */
export function optionError(key: keyof typeof TEXTS | string, lang: Lang, params: Params): MailtlsError {
  const t = TEXTS[key];
  const text = t ? format(t[lang], params) : key;
  return new MailtlsError('EUSAGE', text, { reason: key, ...params });
}

const show = (v: string): string => sanitize(v, 60);

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds shown as the shortest exact unit (for messages): 2147483647ms, 30s, 5m. */
export function formatMs(ms: number): string {
  for (const [u, f] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms % f === 0 && ms >= f) return `${ms / f}${u}`;
  return ms >= 3_600_000 ? `${ms}ms (about ${Math.floor(ms / 3_600_000)}h)` : `${ms}ms`;
}

export interface DurationLimits {
  minMs?: number;
  maxMs?: number;
}

/**
 * `10s`, `500ms`, `5m`, `720h`, `2d`, or a plain number of seconds → milliseconds. Refused: anything else, zero or
 * less than `minMs` (default 1 ms), more than `maxMs` (default and ceiling MAX_TIMER_MS, which Node's timers overflow).
 */
export function parseDuration(value: string, option: string, lang: Lang = 'en', limits: DurationLimits = {}): number {
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|h|d)?$/i.exec(value.trim());
  if (!m) throw optionError('duration', lang, { option, value: show(value) });
  const ms = Math.round(Number(m[1]) * (UNIT_MS[(m[2] ?? 's').toLowerCase()] as number));
  const min = limits.minMs ?? 1;
  const max = Math.min(limits.maxMs ?? MAX_TIMER_MS, MAX_TIMER_MS);
  if (!Number.isFinite(ms) || ms < min || ms > max)
    throw optionError('duration-range', lang, { option, value: show(value), min: formatMs(min), max: formatMs(max) });
  return ms;
}

/** A whole number within [min, max]. */
export function parseInteger(value: string, option: string, lang: Lang, min: number, max: number): number {
  const s = value.trim();
  const n = /^[+]?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw optionError('int', lang, { option, value: show(value), min, max });
  return n;
}

/** A number (fractions allowed) within [min, max]. */
export function parseNumber(value: string, option: string, lang: Lang, min: number, max: number): number {
  const s = value.trim();
  const n = /^[+]?(\d+(\.\d+)?|\.\d+)$/.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw optionError('num', lang, { option, value: show(value), min, max });
  return n;
}

/** A TCP port, 1–65535 (0 only where `allowZero`: "any free port" for a listener). */
export function parsePort(value: string, option: string, lang: Lang, allowZero = false): number {
  return parseInteger(value, option, lang, allowZero ? 0 : 1, 65535);
}

const HOST_RE = /^(?=.{1,253}$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** True for a DNS host name or an SMTP address literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`). */
export function isHostName(value: string): boolean {
  const lit = /^\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]$/.exec(value);
  if (lit) return isIP(lit[1] as string) !== 0;
  return HOST_RE.test(value);
}

/** A name that goes on the wire (EHLO, greeting): no CR/LF, spaces or other bytes that would break the SMTP line. */
export function parseHostName(value: string, option: string, lang: Lang): string {
  if (!isHostName(value)) throw optionError('host', lang, { option, value: show(value) });
  return value;
}

/** A DNS server `ip`, `ip:port` or `[v6]:port`, checked before any work (never stored as a result). */
export function parseResolver(value: string, option: string, lang: Lang): string {
  const s = value.trim();
  let ip = s;
  let port = '53';
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  const v4 = /^([0-9.]+):(\d+)$/.exec(s);
  if (v6) {
    ip = v6[1] as string;
    port = v6[2] ?? '53';
  } else if (v4) {
    ip = v4[1] as string;
    port = v4[2] as string;
  }
  const p = Number(port);
  if (isIP(ip) === 0 || !Number.isInteger(p) || p < 1 || p > 65535) throw optionError('resolver', lang, { option, value: show(value) });
  return s;
}

/** Refuses two options given together (`a`, `b` as the user typed them). */
export function refuseTogether(a: string, b: string, lang: Lang): never {
  throw optionError('conflict', lang, { a, b });
}

/** Refuses an option given without the one it depends on. */
export function refuseWithout(a: string, b: string, lang: Lang): never {
  throw optionError('requires', lang, { a, b });
}

/** One of a fixed list of names (--policy, --depth, --export, --scenario). */
export function parseChoice<T extends string>(value: string, option: string, lang: Lang, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw optionError('choice', lang, { option, value: show(value), list: choices.join(', ') });
  return value as T;
}

/** Refuses `-` (stdin) named more than once among the inputs. */
export function refuseStdinTwice(inputs: readonly string[], lang: Lang): void {
  if (inputs.filter((i) => i === '-').length > 1) throw optionError('stdin-twice', lang, {});
}

/** A plain name (a queue name): letters, digits, `.`, `-`, `_`, 1–100 characters; no `:`, spaces or control bytes. */
export function parseName(value: string, option: string, lang: Lang): string {
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(value)) throw optionError('name', lang, { option, value: show(value) });
  return value;
}
