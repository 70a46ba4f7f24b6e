// Check: DANE for SMTP (RFC 7672) — TLSA records of _25._tcp.<mx>, the AD bit, and matching against the chain each MX served.
import { createHash, X509Certificate } from 'node:crypto';
import { isMailtlsError } from '../../errors.js';
import { sanitize } from '../../net/sanitize.js';
import { nameMatches } from '../certificate.js';
import { query, RCODE_NAMES, type QueryOptions } from './query.js';

/** One TLSA record as published (RFC 6698 §2.1); `data` is the association data as lower-case hex. */
export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  data: string;
}

/** A TLSA record with what the probe made of it against one served chain. */
export interface TlsaCheck extends TlsaRecord {
  /** RFC 7672 §3.1: SMTP clients use only DANE-TA(2) and DANE-EE(3) with known selectors and matching types. */
  usable: boolean;
  /** Matched the served chain; null when there was no chain to match against or the record is unusable. */
  matches: boolean | null;
  /** Position in the chain that matched (0 = the server's own certificate). */
  depth: number | null;
}

/** The TLSA lookup of one MX host, shared by every address of that host. */
export interface TlsaLookup {
  name: string;
  /** `found` records; `none` (NXDOMAIN / no data); `failed` (SERVFAIL, timeout, ...). */
  status: 'found' | 'none' | 'failed';
  authenticated: boolean;
  records: TlsaRecord[];
  error: string | null;
}

/** The DANE section of one host in `probe --json`. */
export interface DaneResult {
  /** The TLSA owner name looked up, `_25._tcp.<mx>`. */
  tlsaName: string;
  /**
   * `none` no TLSA; `valid` a usable record matches; `mismatch` usable records, none matches; `unusable` only records
   * SMTP clients ignore (usages 0/1, unknown parameters); `unchecked` no certificate to match; `lookup-failed`.
   */
  status: 'none' | 'valid' | 'mismatch' | 'unusable' | 'unchecked' | 'lookup-failed';
  /** The resolver set the AD bit on the TLSA answer. */
  authenticated: boolean;
  /** The resolver set the AD bit on the domain's MX answer (null when not looked up). */
  mxAuthenticated: boolean | null;
  /** DANE is in force for senders like Exchange Online: TLSA and MX both DNSSEC-authenticated and TLSA present. */
  enforced: boolean;
  records: TlsaCheck[];
  error: string | null;
}

export const USAGE_NAMES: Record<number, string> = { 0: 'PKIX-TA', 1: 'PKIX-EE', 2: 'DANE-TA', 3: 'DANE-EE' };
const MAX_RECORDS = 32;

/** The TLSA owner name of an SMTP server (RFC 7672 §2.2.3): `_25._tcp.<host>`. */
export function tlsaName(host: string, port = 25): string {
  return `_${port}._tcp.${host.toLowerCase().replace(/\.$/, '')}`;
}

/** Looks up TLSA records for an MX host; never throws (a failure is `status: 'failed'`). */
export async function lookupTlsa(host: string, o: QueryOptions = {}): Promise<TlsaLookup> {
  const name = tlsaName(host);
  try {
    const a = await query(name, 'TLSA', o);
    if (a.rcode === 3) return { name, status: 'none', authenticated: a.authenticated, records: [], error: null };
    if (a.rcode !== 0)
      return { name, status: 'failed', authenticated: false, records: [], error: `the DNS server answered ${RCODE_NAMES[a.rcode] ?? `rcode ${a.rcode}`}` };
    const records: TlsaRecord[] = [];
    for (const r of a.answers) {
      if (r.type !== 'TLSA' || records.length >= MAX_RECORDS) continue;
      const d = r.data as { usage: number; selector: number; matchingType: number; certificate: Buffer };
      records.push({ usage: d.usage, selector: d.selector, matchingType: d.matchingType, data: Buffer.from(d.certificate).toString('hex') });
    }
    return { name, status: records.length > 0 ? 'found' : 'none', authenticated: a.authenticated, records, error: null };
  } catch (e) {
    if (!isMailtlsError(e)) throw e;
    return { name, status: 'failed', authenticated: false, records: [], error: sanitize(e.message, 300) };
  }
}

/** Whether an SMTP client may use this record at all (RFC 7672 §3.1: usages 2 and 3; selectors 0/1; matching 0/1/2). */
export function isUsable(r: TlsaRecord): boolean {
  return (r.usage === 2 || r.usage === 3) && (r.selector === 0 || r.selector === 1) && r.matchingType >= 0 && r.matchingType <= 2;
}

/** The bytes a TLSA record's selector picks from a certificate: the whole DER (0) or its SubjectPublicKeyInfo (1). */
export function selected(der: Buffer, selector: number): Buffer {
  if (selector === 0) return der;
  return new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
}

/** The association data a record with these parameters would carry for this certificate (hex). */
export function associationData(der: Buffer, selector: number, matchingType: number): string {
  const bytes = selected(der, selector);
  if (matchingType === 0) return bytes.toString('hex');
  return createHash(matchingType === 1 ? 'sha256' : 'sha512')
    .update(bytes)
    .digest('hex');
}

/** Does cert `child` chain to `parent` (issuer name and signature)? */
function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

/**
 * Matches one usable record against a served chain (DER, leaf first). DANE-EE(3): the leaf only, no name or date checks
 * (RFC 7672 §3.1.1). DANE-TA(2): a certificate above the leaf that the leaf chains up to, and the leaf's name must
 * match the MX host (RFC 7672 §3.1.2, §3.2.3).
 */
export function matchRecord(r: TlsaRecord, chain: readonly Buffer[], host: string): { matches: boolean; depth: number | null } {
  if (!isUsable(r) || chain.length === 0) return { matches: false, depth: null };
  const want = r.data.toLowerCase();
  const hit = (der: Buffer): boolean => {
    try {
      return associationData(der, r.selector, r.matchingType) === want;
    } catch {
      return false;
    }
  };
  if (r.usage === 3) return hit(chain[0] as Buffer) ? { matches: true, depth: 0 } : { matches: false, depth: null };
  const xs = chain.map((d) => new X509Certificate(d));
  const leaf = xs[0] as X509Certificate;
  const san = (leaf.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((p) => p.startsWith('DNS:'))
    .map((p) => p.slice(4).toLowerCase());
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(leaf.subject)?.[1] ?? null;
  if (!nameMatches(host, san, cn)) return { matches: false, depth: null };
  for (let depth = 1; depth < chain.length; depth++) {
    if (!issuedBy(xs[depth - 1] as X509Certificate, xs[depth] as X509Certificate)) break;
    if (hit(chain[depth] as Buffer)) return { matches: true, depth };
  }
  return { matches: false, depth: null };
}

/** Judges one address of one MX host: its TLSA lookup against the chain it served (null when none was obtained). */
export function judgeDane(host: string, lookup: TlsaLookup, chain: readonly Buffer[] | null, mxAuthenticated: boolean | null): DaneResult {
  const records: TlsaCheck[] = lookup.records.map((r) => {
    const usable = isUsable(r);
    if (!usable || !chain) return { ...r, usable, matches: null, depth: null };
    const m = matchRecord(r, chain, host);
    return { ...r, usable, matches: m.matches, depth: m.depth };
  });
  const base = {
    tlsaName: lookup.name,
    authenticated: lookup.authenticated,
    mxAuthenticated,
    enforced: lookup.status === 'found' && lookup.authenticated && mxAuthenticated !== false,
    records,
    error: lookup.error,
  };
  if (lookup.status === 'failed') return { ...base, status: 'lookup-failed' };
  if (lookup.status === 'none') return { ...base, status: 'none' };
  if (!records.some((r) => r.usable)) return { ...base, status: 'unusable' };
  if (!chain) return { ...base, status: 'unchecked' };
  return { ...base, status: records.some((r) => r.matches === true) ? 'valid' : 'mismatch' };
}

/** `3 1 1 ab12…` — a record as an admin would write it in a zone file (data shortened). */
export function showRecord(r: TlsaRecord): string {
  const d = r.data.length > 16 ? `${r.data.slice(0, 16)}…` : r.data;
  return `${r.usage} ${r.selector} ${r.matchingType} ${d}`;
}
