// Runs DANE, MTA-STS and TLS-RPT for a probed domain and folds them into the ProbeResult (findings, per-host dane, verdicts).
import { finding, type FindingId } from './messages.js';
import type { Finding, Severity } from '../../findings/types.js';
import type { Lang, Params } from '../../i18n/lang.js';
import { hostPort } from '../../net/address.js';
import { sanitize } from '../../net/sanitize.js';
import { servedChain } from '../certificate.js';
import { systemCa } from '../trust.js';
import type { HostResult, ProbeOptions, ProbeResult } from '../types.js';
import { overallVerdict } from '../verdict.js';
import { judgeDane, lookupTlsa, showRecord, USAGE_NAMES, type DaneResult, type TlsaLookup } from './dane.js';
import { fetchMtaStsPolicy, lookupMtaStsTxt, mxMatches, parseMtaStsPolicy, type MtaStsHostCheck, type MtaStsResult } from './mta-sts.js';
import { query, type QueryOptions } from './query.js';
import { lookupTlsRpt, type TlsRptResult } from './tls-rpt.js';

/** What the policy checks add to one host of the ProbeResult. */
export interface HostPolicy {
  dane: DaneResult | null;
  findings: Finding[];
  /** A policy the domain publishes stops delivery to this host (DANE mismatch in force, MTA-STS enforce failure). */
  blocksDelivery: boolean;
}

export interface MailPolicies {
  /** Same order as the hosts passed in. */
  hosts: HostPolicy[];
  mtaSts: MtaStsResult | null;
  tlsRpt: TlsRptResult | null;
  findings: Finding[];
}

/**
 * DANE per host (TLSA of each MX name, matched against the chain each address served), MTA-STS and TLS-RPT for the
 * domain. Never throws for what DNS or a web server does.
 */
export async function checkMailPolicies(domain: string, hosts: readonly HostResult[], opts: ProbeOptions = {}): Promise<MailPolicies> {
  const lang: Lang = opts.lang ?? 'en';
  const q: QueryOptions = { resolver: opts.resolver, timeoutMs: Math.min(opts.timeoutMs ?? 5000, 5000) };
  const doDane = opts.dane !== false;
  const doSts = opts.mtaSts !== false;
  const out: MailPolicies = { hosts: hosts.map(() => ({ dane: null, findings: [], blocksDelivery: false })), mtaSts: null, tlsRpt: null, findings: [] };
  if (!doDane && !doSts) return out;

  // The MX answer again, raw: its AD bit (DANE needs a signed MX RRset) and the full MX set (MTA-STS patterns).
  let mxAuthenticated: boolean | null = null;
  let mxNames: string[] = [];
  try {
    const a = await query(domain, 'MX', q);
    mxAuthenticated = a.rcode === 0 ? a.authenticated : null;
    mxNames = a.answers
      .flatMap((r) =>
        r.type === 'MX'
          ? [
              String((r.data as { exchange: string }).exchange)
                .toLowerCase()
                .replace(/\.$/, ''),
            ]
          : [],
      )
      .filter((n) => n !== '');
  } catch {
    /* the probe already reported DNS trouble */
  }
  if (mxNames.length === 0) mxNames = [...new Set(hosts.map((h) => h.host))];

  const names = [...new Set(hosts.filter((h) => h.host !== h.ip).map((h) => h.host))];
  const [tlsa, txt, tlsRpt] = await Promise.all([
    doDane ? Promise.all(names.map(async (n) => [n, await lookupTlsa(n, q)] as const)).then((l) => new Map(l)) : Promise.resolve(new Map<string, TlsaLookup>()),
    doSts ? lookupMtaStsTxt(domain, q) : Promise.resolve(null),
    lookupTlsRpt(domain, q),
  ]);

  // DANE, per address.
  hosts.forEach((h, i) => {
    const look = tlsa.get(h.host);
    if (!look) return;
    const hp = out.hosts[i] as HostPolicy;
    const chain = h.tls.certificate ? (servedChain(h.tls.certificate) ?? null) : null;
    const d = judgeDane(h.host, look, chain, mxAuthenticated);
    hp.dane = d;
    const endpoint = `${h.host} (${hostPort(h.ip, h.port)})`;
    const add = (id: FindingId, params: Params, severity?: Severity): void => {
      hp.findings.push(finding(id, lang, { name: d.tlsaName, endpoint, ...params }, severity));
    };
    daneFindings(d, domain, add);
    if (d.enforced && (d.status === 'mismatch' || d.status === 'lookup-failed')) hp.blocksDelivery = true;
  });

  // MTA-STS, per domain.
  const addDomain = (id: FindingId, params: Params, severity?: Severity): void => {
    out.findings.push(finding(id, lang, { domain, ...params }, severity));
  };
  if (txt) {
    const sts: MtaStsResult = { domain, status: 'none', txt, fetch: null, policy: null, hosts: [] };
    out.mtaSts = sts;
    if (txt.status === 'failed') addDomain('mtasts.lookup-failed', { reason: txt.error ?? '' });
    else if (txt.status === 'invalid') {
      sts.status = 'invalid';
      addDomain('mtasts.txt-invalid', { reason: txt.error ?? '' });
    } else if (txt.status === 'found') {
      const fetched = await fetchMtaStsPolicy(domain, {
        ca: [...systemCa(), ...(opts.extraCa ?? [])],
        resolver: opts.resolver,
        allowPrivate: opts.allowPrivate,
        port: opts.mtaStsPort,
        address: opts.mtaStsAddress,
        // the name lookup and the fetch keep to --timeout, as the policy's DNS questions do (q.timeoutMs)
        lookupTimeoutMs: q.timeoutMs,
        deadlineMs: opts.timeoutMs,
      });
      const { body, ...meta } = fetched;
      sts.fetch = { ...meta, body: null };
      if (!fetched.ok || body === null) {
        sts.status = 'unavailable';
        addDomain('mtasts.policy-missing', { id: txt.id ?? '', url: fetched.url, reason: fetched.error ?? '' });
      } else {
        const policy = parseMtaStsPolicy(body);
        sts.policy = policy;
        for (const w of policy.warnings) addDomain('mtasts.policy-warning', { reason: w });
        if (policy.errors.length > 0) {
          sts.status = 'invalid';
          addDomain('mtasts.policy-invalid', { reason: policy.errors.join('; ') });
        } else {
          sts.status = 'valid';
          sts.hosts = mxNames.map((mx) => judgeMx(mx, policy.mx, hosts));
          const mode = policy.mode ?? 'none';
          if (mode === 'none') addDomain('mtasts.mode-none', {});
          else {
            let clean = true;
            for (const hc of sts.hosts) {
              if (!hc.matchesPolicy) {
                clean = false;
                addDomain('mtasts.mx-mismatch', { host: hc.host, patterns: policy.mx.join(', '), mode }, mode === 'enforce' ? 'error' : 'warning');
              } else if (hc.tlsOk === false) {
                clean = false;
                addDomain(mode === 'enforce' ? 'mtasts.enforce-tls-failure' : 'mtasts.testing-tls-failure', { host: hc.host, reason: hc.problem ?? '' });
              }
              if (mode === 'enforce' && (!hc.matchesPolicy || hc.tlsOk === false)) {
                hosts.forEach((h, i) => {
                  if (h.host === hc.host) (out.hosts[i] as HostPolicy).blocksDelivery = true;
                });
              }
            }
            if (mode === 'testing') addDomain('mtasts.testing', {});
            if (clean) addDomain('mtasts.valid', { mode, id: txt.id ?? '', maxAge: policy.maxAge ?? 0 });
          }
        }
      }
    }
  }

  // TLS-RPT, per domain.
  out.tlsRpt = tlsRpt;
  if (tlsRpt.status === 'valid') addDomain('tlsrpt.valid', { rua: tlsRpt.rua.join(', ') });
  else if (tlsRpt.status === 'none') addDomain('tlsrpt.none', {});
  else if (tlsRpt.status === 'invalid') addDomain('tlsrpt.invalid', { reason: tlsRpt.error ?? '' });
  else addDomain('tlsrpt.lookup-failed', { reason: tlsRpt.error ?? '' });
  return out;
}

function daneFindings(d: DaneResult, domain: string, add: (id: FindingId, p: Params, s?: Severity) => void): void {
  if (d.status === 'none') return;
  if (d.status === 'lookup-failed') {
    add('dane.lookup-failed', { reason: d.error ?? '' }, d.mxAuthenticated ? 'error' : 'warning');
    return;
  }
  if (!d.authenticated) add('dane.not-authenticated', {});
  else if (d.mxAuthenticated === false) add('dane.mx-not-authenticated', { domain });
  const unusable = d.records.filter((r) => !r.usable);
  if (unusable.length > 0)
    add('dane.unusable-usage', {
      count: unusable.length,
      records: unusable.map((r) => `${showRecord(r)} ${USAGE_NAMES[r.usage] ?? `usage ${r.usage}`}`).join(', '),
    });
  const usable = d.records.filter((r) => r.usable);
  if (d.status === 'unchecked') add('dane.unchecked', {});
  if (d.status === 'mismatch') add(d.enforced ? 'dane.mismatch' : 'dane.mismatch-unenforced', { count: usable.length });
  if (d.status === 'valid') {
    const hit = usable.find((r) => r.matches) ?? usable[0];
    if (d.enforced && hit) add('dane.valid', { record: `${showRecord(hit)} (${USAGE_NAMES[hit.usage]})` });
    else if (hit && !d.enforced) {
      /* not in force: not-authenticated / mx-not-authenticated already say so */
    }
  }
  if (usable.length === 1 && d.status !== 'mismatch') add('dane.no-rollover', { record: showRecord(usable[0] as (typeof usable)[number]) });
}

/** One MX host against the policy: pattern match, and whether every probed address meets the RFC 8461 §4.2 TLS rules. */
function judgeMx(mx: string, patterns: readonly string[], hosts: readonly HostResult[]): MtaStsHostCheck {
  const matchesPolicy = patterns.some((p) => mxMatches(mx, p));
  const mine = hosts.filter((h) => h.host === mx);
  if (mine.length === 0) return { host: mx, matchesPolicy, tlsOk: null, problem: null };
  for (const h of mine) {
    const where = hostPort(h.ip, h.port);
    const c = h.tls.certificate;
    let problem: string | null = null;
    if (h.smtp.starttls !== 'offered') problem = `${where}: STARTTLS ${h.smtp.starttls}`;
    else if (h.verdict === 'fail') problem = `${where}: no TLS 1.2+ with a usable suite`;
    else if (!c) problem = `${where}: no certificate`;
    else if (c.daysLeft < 0) problem = `${where}: certificate expired ${c.notAfter.slice(0, 10)}`;
    else if (!c.nameMatches) problem = `${where}: certificate is for ${sanitize(c.sanNames.join(', ') || c.subject, 120)}`;
    else if (!c.trusted) problem = `${where}: certificate not trusted (${c.trustError ?? 'unknown'})`;
    if (problem) return { host: mx, matchesPolicy, tlsOk: false, problem };
    if (h.verdict === 'inconclusive') return { host: mx, matchesPolicy, tlsOk: null, problem: null };
  }
  return { host: mx, matchesPolicy, tlsOk: true, problem: null };
}

/** Folds the policy results into a ProbeResult: `dane` per host, findings, and `fail` where a policy stops delivery. */
export function applyMailPolicies(r: ProbeResult, p: MailPolicies): void {
  r.hosts.forEach((h, i) => {
    const hp = p.hosts[i];
    if (!hp) return;
    if (hp.dane) h.dane = hp.dane;
    h.findings.push(...hp.findings);
    if (hp.blocksDelivery && h.verdict === 'pass') h.verdict = 'fail';
  });
  if (p.mtaSts) r.mtaSts = p.mtaSts;
  if (p.tlsRpt) r.tlsRpt = p.tlsRpt;
  r.findings.push(...p.findings);
  r.verdict = overallVerdict(r.hosts.map((h) => h.verdict));
}
