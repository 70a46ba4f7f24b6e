// IP address classification (public, private, loopback, link-local, ...) and probe target parsing (host, host:port, [v6]:port).
import { isIP } from 'node:net';
import { MailtlsError } from '../errors.js';

export type AddressClass =
  | 'public'
  | 'private' // RFC 1918, RFC 6598 CGNAT, IPv6 ULA fc00::/7
  | 'loopback' // 127.0.0.0/8, ::1
  | 'link-local' // 169.254.0.0/16 (cloud metadata), fe80::/10
  | 'unspecified' // 0.0.0.0/8, ::
  | 'multicast' // 224.0.0.0/4, ff00::/8
  | 'reserved'; // 240.0.0.0/4, broadcast, documentation ranges

/** Parses dotted IPv4 into four numbers (caller checked isIP === 4). */
function v4(ip: string): number[] {
  return ip.split('.').map((p) => Number(p));
}

/** Expands an IPv6 literal into eight 16-bit groups (handles `::` and an embedded IPv4 tail). */
function v6(ip: string): number[] {
  let s = ip.toLowerCase();
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct);
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const [a, b, c, d] = v4(last) as [number, number, number, number];
    tail = [(a << 8) | b, (c << 8) | d];
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  let groups: number[];
  if (rest === undefined) groups = parse(head);
  else {
    const h = parse(head);
    const r = parse(rest);
    groups = [...h, ...new Array<number>(8 - h.length - r.length).fill(0), ...r];
  }
  if (tail.length === 2) groups.splice(groups.length - 2, 2, ...tail);
  return groups.slice(0, 8);
}

function classifyV4(ip: string): AddressClass {
  const [a, b] = v4(ip) as [number, number, number, number];
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  if ((a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19 || b === 51)) || (a === 203 && b === 0)) return 'reserved';
  return 'public';
}

/** Classifies an IP literal; throws EINPUT for something that is not one. */
export function classifyAddress(ip: string): AddressClass {
  const fam = isIP(ip);
  if (fam === 4) return classifyV4(ip);
  if (fam !== 6) throw new MailtlsError('EINPUT', `not an IP address: ${ip}`);
  const g = v6(ip);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d and NAT64 64:ff9b::/96 inherit the IPv4 class.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return classifyV4(`${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`);
  if ((g0 & 0xfe00) === 0xfc00) return 'private';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved';
  return 'public';
}

/** True when a probe may connect to this address without --allow-private. */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public';
}

export interface Target {
  /** What the user typed, trimmed. */
  input: string;
  /** `ip` for an address literal; `name` for a DNS name (domain or host: resolution decides). */
  kind: 'ip' | 'name';
  /** Host name (lower-case, no trailing dot) or IP literal (IPv6 without brackets). */
  host: string;
  /** Port when one was given. */
  port: number | null;
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** True for a syntactically valid DNS host name (LDH labels, ≤253 octets; `_` allowed as DNS does). */
export function isHostname(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((l) => LABEL.test(l));
}

function parsePort(s: string, input: string): number {
  if (!/^\d{1,5}$/.test(s) || Number(s) < 1 || Number(s) > 65535) throw new MailtlsError('EUSAGE', `bad port in "${input}" (1-65535)`);
  return Number(s);
}

/** Parses `host`, `host:port`, `a.b.c.d[:port]`, `[v6]:port` or a bare IPv6 literal into a Target; throws EUSAGE. */
export function parseTarget(raw: string): Target {
  const input = raw.trim();
  if (input.length === 0) throw new MailtlsError('EUSAGE', 'empty target');
  if (input.length > 300) throw new MailtlsError('EUSAGE', 'target is longer than 300 characters');
  if (input.startsWith('[')) {
    const m = /^\[([^\]]+)\](?::(.*))?$/.exec(input);
    if (!m || isIP(m[1] as string) !== 6) throw new MailtlsError('EUSAGE', `bad IPv6 target "${input}" (use [2001:db8::1]:25)`);
    return { input, kind: 'ip', host: (m[1] as string).toLowerCase(), port: m[2] === undefined ? null : parsePort(m[2], input) };
  }
  // an IPv6 literal has two colons at least (asked first: isIP compiles Node's IPv6 pattern, ~3 ms, on first use)
  if (input.indexOf(':') !== input.lastIndexOf(':') && isIP(input) === 6) return { input, kind: 'ip', host: input.toLowerCase(), port: null };
  const colon = input.lastIndexOf(':');
  let host = input;
  let port: number | null = null;
  if (colon >= 0) {
    if (input.indexOf(':') !== colon) throw new MailtlsError('EUSAGE', `bad target "${input}" (write IPv6 addresses as [addr]:port)`);
    host = input.slice(0, colon);
    port = parsePort(input.slice(colon + 1), input);
  }
  if (isIP(host) === 4) return { input, kind: 'ip', host, port };
  const name = host.toLowerCase().replace(/\.$/, '');
  if (!isHostname(name)) throw new MailtlsError('EUSAGE', `"${host}" is neither a host name nor an IP address`);
  return { input, kind: 'name', host: name, port };
}

/** Parses `ip`, `ip:port` or `[v6]:port` for --resolver; default port 53. */
export function parseServerAddress(raw: string, defaultPort = 53): { host: string; port: number } {
  const t = parseTarget(raw);
  if (t.kind !== 'ip') throw new MailtlsError('EUSAGE', `--resolver needs an IP address, not "${raw}"`);
  return { host: t.host, port: t.port ?? defaultPort };
}

/** Formats host and port for display and for dns.setServers: `1.2.3.4:25`, `[::1]:25`. */
export function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
