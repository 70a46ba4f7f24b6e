// Check: MTA-STS (RFC 8461) — the _mta-sts TXT record, the policy fetched over HTTPS (no redirects, deadline, size cap,
// validated certificate), its strict parse, and MX patterns (wildcards) matched against the real MX hosts.
import { request } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { isMailtlsError } from '../../errors.js';
import { Dns } from '../../dns/resolve.js';
import { classifyAddress } from '../../net/address.js';
import { sanitize } from '../../net/sanitize.js';
import { query, RCODE_NAMES, txtRecords, type QueryOptions } from './query.js';

/** RFC 8461 §3.3: a policy is at most 64 KiB; we stop waiting for it after 10 s. */
export const MTA_STS_LIMITS = { maxPolicyBytes: 64 * 1024, deadlineMs: 10_000, maxAge: 31_557_600, maxMxPatterns: 100 } as const;

export type MtaStsMode = 'enforce' | 'testing' | 'none';

export interface MtaStsTxt {
  /** `found` one valid `v=STSv1` record; `none` no such record; `invalid` several, or a bad one; `failed` lookup error. */
  status: 'found' | 'none' | 'invalid' | 'failed';
  id: string | null;
  /** The records starting with `v=STSv1` (sanitised). */
  records: string[];
  error: string | null;
}

export interface MtaStsPolicy {
  version: string | null;
  mode: MtaStsMode | null;
  maxAge: number | null;
  mx: string[];
  /** Reasons the policy is unusable: a sender ignores it as if there were none (RFC 8461 §3.2, §5). */
  errors: string[];
  /** Things a lenient sender accepts but that should be fixed (duplicate keys, short max_age, ...). */
  warnings: string[];
}

export interface MtaStsFetch {
  url: string;
  ok: boolean;
  status: number | null;
  contentType: string | null;
  bytes: number;
  error: string | null;
  body: string | null;
}

/** One MX host judged against the policy. */
export interface MtaStsHostCheck {
  host: string;
  /** The MX host name matches one of the policy's `mx` patterns. */
  matchesPolicy: boolean;
  /** A sender enforcing the policy could deliver: STARTTLS, TLS 1.2+, a trusted certificate for the MX name, not expired. */
  tlsOk: boolean | null;
  /** Why not (sanitised), when tlsOk is false. */
  problem: string | null;
}

/** The `mtaSts` section of `probe --json`. */
export interface MtaStsResult {
  domain: string;
  /** `none` no TXT; `valid` policy fetched and parsed; `invalid` TXT or policy unusable; `unavailable` TXT but no policy. */
  status: 'none' | 'valid' | 'invalid' | 'unavailable';
  txt: MtaStsTxt;
  fetch: MtaStsFetch | null;
  policy: MtaStsPolicy | null;
  hosts: MtaStsHostCheck[];
}

export interface FetchOptions {
  /** Extra CAs (PEM) trusted besides `ca` (tests: the test CA). */
  ca: string[];
  resolver?: string | undefined;
  allowPrivate?: boolean | undefined;
  /** Test-only: connect to this port instead of 443. */
  port?: number | undefined;
  /** Test-only: connect to this address instead of resolving `mta-sts.<domain>`. */
  address?: string | undefined;
  /** One deadline for the HTTPS fetch (default MTA_STS_LIMITS.deadlineMs). */
  deadlineMs?: number | undefined;
  /** Deadline of the name lookup of `mta-sts.<domain>` (the probe's --timeout; default the resolver's own). */
  lookupTimeoutMs?: number | undefined;
}

const TXT_ID = /^[A-Za-z0-9]{1,32}$/;

/** Parses the `_mta-sts` TXT record set (RFC 8461 §3.1). */
export function parseMtaStsTxt(texts: readonly string[]): MtaStsTxt {
  const sts = texts.filter((t) => /^v=STSv1(;|$|\s)/.test(t.trim()));
  const records = sts.map((t) => sanitize(t, 300));
  if (sts.length === 0) return { status: 'none', id: null, records, error: null };
  if (sts.length > 1)
    return { status: 'invalid', id: null, records, error: `${sts.length} records start with v=STSv1; senders then assume there is no policy` };
  const fields = new Map<string, string>();
  for (const part of (sts[0] as string).split(';')) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq <= 0) return { status: 'invalid', id: null, records, error: `"${sanitize(p, 60)}" is not a key=value field` };
    const k = p.slice(0, eq).trim();
    if (!fields.has(k)) fields.set(k, p.slice(eq + 1).trim());
  }
  const id = fields.get('id') ?? null;
  if (id === null) return { status: 'invalid', id: null, records, error: 'no id= field' };
  if (!TXT_ID.test(id)) return { status: 'invalid', id: sanitize(id, 40), records, error: 'id must be 1 to 32 letters and digits' };
  return { status: 'found', id, records, error: null };
}

/** Looks up `_mta-sts.<domain>` TXT; never throws. */
export async function lookupMtaStsTxt(domain: string, o: QueryOptions = {}): Promise<MtaStsTxt> {
  try {
    const a = await query(`_mta-sts.${domain}`, 'TXT', o);
    if (a.rcode === 3) return { status: 'none', id: null, records: [], error: null };
    if (a.rcode !== 0) return { status: 'failed', id: null, records: [], error: `the DNS server answered ${RCODE_NAMES[a.rcode] ?? a.rcode}` };
    return parseMtaStsTxt(txtRecords(a));
  } catch (e) {
    if (!isMailtlsError(e)) throw e;
    return { status: 'failed', id: null, records: [], error: sanitize(e.message, 300) };
  }
}

const MX_PATTERN = /^(\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Parses a policy body (RFC 8461 §3.2): CRLF or LF lines of `key: value`; strict about what senders must reject. */
export function parseMtaStsPolicy(body: string): MtaStsPolicy {
  const p: MtaStsPolicy = { version: null, mode: null, maxAge: null, mx: [], errors: [], warnings: [] };
  const seen = new Set<string>();
  const lines = body.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (!body.includes('\r\n') && body.includes('\n')) p.warnings.push('lines end in LF only (RFC 8461 says CRLF; most senders accept LF)');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/[ \t]+$/, '');
    if (line === '') continue;
    const m = /^([A-Za-z0-9_]{1,32}):[ \t]*(.*)$/.exec(line);
    if (!m) {
      p.warnings.push(`line ${i + 1} is not "key: value": ${sanitize(line, 60)}`);
      continue;
    }
    const key = m[1] as string;
    const value = (m[2] as string).trim();
    if (key !== 'mx' && seen.has(key)) {
      p.warnings.push(`${key} appears more than once; senders use the first`);
      continue;
    }
    seen.add(key);
    switch (key) {
      case 'version':
        p.version = value;
        if (value !== 'STSv1') p.errors.push(`version is "${sanitize(value, 20)}", not STSv1`);
        break;
      case 'mode':
        if (value === 'enforce' || value === 'testing' || value === 'none') p.mode = value;
        else p.errors.push(`mode "${sanitize(value, 20)}" is not enforce, testing or none`);
        break;
      case 'max_age':
        if (!/^\d{1,10}$/.test(value) || Number(value) > MTA_STS_LIMITS.maxAge)
          p.errors.push(`max_age "${sanitize(value, 20)}" is not a number of seconds up to 31557600`);
        else {
          p.maxAge = Number(value);
          if (p.maxAge < 86_400) p.warnings.push(`max_age ${p.maxAge} is under a day; RFC 8461 advises weeks (e.g. 604800 or more)`);
        }
        break;
      case 'mx': {
        const v = value.toLowerCase().replace(/\.$/, '');
        if (!MX_PATTERN.test(v)) p.errors.push(`mx "${sanitize(value, 80)}" is not a host name or *.wildcard`);
        else if (p.mx.length < MTA_STS_LIMITS.maxMxPatterns && !p.mx.includes(v)) p.mx.push(v);
        break;
      }
      default:
        break; // extensions are allowed and ignored (RFC 8461 §3.2)
    }
  }
  if (p.version === null) p.errors.push('no "version: STSv1" line');
  if (p.mode === null && !p.errors.some((e) => e.startsWith('mode'))) p.errors.push('no "mode:" line');
  if (p.maxAge === null && !p.errors.some((e) => e.startsWith('max_age'))) p.errors.push('no "max_age:" line');
  if (p.mode !== 'none' && p.mode !== null && p.mx.length === 0 && !p.errors.some((e) => e.startsWith('mx'))) p.errors.push('no "mx:" line');
  return p;
}

/** RFC 8461 §4.1: an MX host matches a pattern exactly, or `*.suffix` matches exactly one more left-most label. */
export function mxMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  if (p.startsWith('*.')) {
    const dot = h.indexOf('.');
    return dot > 0 && h.slice(dot + 1) === p.slice(2);
  }
  return h === p;
}

/** Fetches `https://mta-sts.<domain>/.well-known/mta-sts.txt`: no redirects, one deadline, 64 KiB, CA-validated. Never throws. */
export async function fetchMtaStsPolicy(domain: string, o: FetchOptions): Promise<MtaStsFetch> {
  const host = `mta-sts.${domain}`;
  const url = `https://${host}/.well-known/mta-sts.txt`;
  const fail = (error: string, status: number | null = null, contentType: string | null = null): MtaStsFetch => ({
    url,
    ok: false,
    status,
    contentType,
    bytes: 0,
    error,
    body: null,
  });
  let ip = o.address;
  if (!ip) {
    try {
      const a = await new Dns({ resolver: o.resolver, timeoutMs: o.lookupTimeoutMs }).addresses(host);
      ip = a.addresses[0];
      if (!ip) {
        if (a.status === 'nxdomain') return fail(`${host} does not exist in DNS`);
        if (a.status === 'failed')
          return fail(
            `${host} could not be looked up (${[a.families.A, a.families.AAAA].map((l) => `${l.type}: ${l.problem?.answer ?? l.status}`).join('; ')})`,
          );
        return fail(`${host} has no A or AAAA record`);
      }
    } catch (e) {
      if (!isMailtlsError(e)) throw e;
      return fail(sanitize(e.message, 300));
    }
    const cls = classifyAddress(ip);
    if (cls !== 'public' && !o.allowPrivate) return fail(`${host} resolves to ${ip}, a ${cls} address; not fetched (add --allow-private)`);
  }
  const deadlineMs = o.deadlineMs ?? MTA_STS_LIMITS.deadlineMs;
  return new Promise<MtaStsFetch>((resolve) => {
    let settled = false;
    const finish = (r: MtaStsFetch): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const req = request({
      host: ip,
      port: o.port ?? 443,
      path: '/.well-known/mta-sts.txt',
      method: 'GET',
      servername: host,
      agent: false,
      headers: { Host: host, 'User-Agent': 'mailtls', Accept: 'text/plain' },
      ca: o.ca,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      checkServerIdentity: (_h: string, cert: PeerCertificate) => checkServerIdentity(host, cert),
    });
    const timer = setTimeout(() => finish(fail(`no complete answer within ${deadlineMs / 1000} s`)), deadlineMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish(fail(sanitize(`${e.code ? `${e.code}: ` : ''}${e.message}`, 300))));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const contentType = typeof res.headers['content-type'] === 'string' ? sanitize(res.headers['content-type'], 100) : null;
      if (status >= 300 && status < 400) {
        const loc = typeof res.headers.location === 'string' ? ` to ${sanitize(res.headers.location, 200)}` : '';
        return finish(fail(`HTTP ${status} redirect${loc}; senders must not follow redirects`, status, contentType));
      }
      if (status !== 200) return finish(fail(`HTTP ${status}`, status, contentType));
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (d: Buffer) => {
        bytes += d.length;
        if (bytes > MTA_STS_LIMITS.maxPolicyBytes)
          return finish(fail(`the policy is larger than ${MTA_STS_LIMITS.maxPolicyBytes / 1024} KiB`, status, contentType));
        chunks.push(d);
      });
      res.on('end', () => finish({ url, ok: true, status, contentType, bytes, error: null, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => finish(fail(sanitize(e.message, 300), status, contentType)));
    });
    req.end();
  });
}
