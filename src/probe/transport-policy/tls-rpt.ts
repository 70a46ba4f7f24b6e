// Check: SMTP TLS Reporting (RFC 8460) — the _smtp._tls TXT record: version, rua destinations (mailto:/https:), extensions.
import { isMailtlsError } from '../../errors.js';
import { sanitize } from '../../net/sanitize.js';
import { query, RCODE_NAMES, txtRecords, type QueryOptions } from './query.js';

/** The `tlsRpt` section of `probe --json`. */
export interface TlsRptResult {
  domain: string;
  /** `valid` one good record; `none` no TLSRPTv1 record; `invalid` several, or a bad one; `failed` lookup error. */
  status: 'valid' | 'none' | 'invalid' | 'failed';
  record: string | null;
  /** Report destinations (`mailto:` and `https:` URIs), sanitised. */
  rua: string[];
  error: string | null;
}

/** Parses the record set of `_smtp._tls.<domain>` (RFC 8460 §3). */
export function parseTlsRpt(domain: string, texts: readonly string[]): TlsRptResult {
  const rpt = texts.filter((t) => /^v=TLSRPTv1(;|$|\s)/.test(t.trim()));
  const base = { domain, record: rpt.length === 1 ? sanitize(rpt[0] as string, 500) : null, rua: [] as string[] };
  if (rpt.length === 0) return { ...base, status: 'none', error: null };
  if (rpt.length > 1) return { ...base, status: 'invalid', error: `${rpt.length} records start with v=TLSRPTv1; senders then send no reports` };
  let rua: string | null = null;
  for (const part of (rpt[0] as string).split(';').slice(1)) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq <= 0) return { ...base, status: 'invalid', error: `"${sanitize(p, 60)}" is not a key=value field` };
    if (p.slice(0, eq).trim() === 'rua' && rua === null) rua = p.slice(eq + 1).trim();
  }
  if (rua === null || rua === '') return { ...base, status: 'invalid', error: 'no rua= field (where reports go)' };
  const uris = rua
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  const bad = uris.filter((u) => !/^mailto:[^@\s]+@[^@\s]+$/i.test(u) && !/^https:\/\/[^\s/]+/i.test(u));
  const out = { ...base, rua: uris.slice(0, 10).map((u) => sanitize(u, 200)) };
  if (bad.length > 0) return { ...out, status: 'invalid', error: `rua ${bad.map((u) => `"${sanitize(u, 80)}"`).join(', ')} is neither mailto: nor https:` };
  return { ...out, status: 'valid', error: null };
}

/** Looks up and parses `_smtp._tls.<domain>`; never throws. */
export async function lookupTlsRpt(domain: string, o: QueryOptions = {}): Promise<TlsRptResult> {
  try {
    const a = await query(`_smtp._tls.${domain}`, 'TXT', o);
    if (a.rcode === 3) return parseTlsRpt(domain, []);
    if (a.rcode !== 0) return { domain, status: 'failed', record: null, rua: [], error: `the DNS server answered ${RCODE_NAMES[a.rcode] ?? a.rcode}` };
    return parseTlsRpt(domain, txtRecords(a));
  } catch (e) {
    if (!isMailtlsError(e)) throw e;
    return { domain, status: 'failed', record: null, rua: [], error: sanitize(e.message, 300) };
  }
}
