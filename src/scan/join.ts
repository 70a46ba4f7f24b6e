// Joins host results back to the targets that share them: a target's verdict and findings from its hosts.
import type { Finding } from '../findings/types.js';
import type { HostResult, Resolved, Verdict } from './types.js';

/** A target's verdict from its hosts: any failing host fails it, else any inconclusive host (or none) leaves it open. */
export function aggregate(resolved: Resolved, hosts: HostResult[]): { verdict: Verdict; findings: Finding[] } {
  const findings = [...resolved.findings];
  if (hosts.length === 0) return { verdict: 'inconclusive', findings };
  const verdict: Verdict = hosts.some((h) => h.verdict === 'fail') ? 'fail' : hosts.some((h) => h.verdict === 'inconclusive') ? 'inconclusive' : 'pass';
  return { verdict, findings };
}

const TWO_LEVEL = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'com.au',
  'net.au',
  'org.au',
  'co.nz',
  'co.jp',
  'ne.jp',
  'com.br',
  'com.cn',
  'co.za',
  'com.mx',
  'co.in',
  'com.tr',
  'com.pl',
  'co.kr',
  'com.ar',
  'com.sg',
  'com.hk',
  'or.jp',
  'gv.at',
  'co.at',
]);

/**
 * The provider behind an MX host: its registrable domain (`x.mail.protection.outlook.com` → `outlook.com`), with a
 * small list of two-level public suffixes; an IP literal is its own provider.
 */
export function providerOf(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (/^[0-9.]+$/.test(h) || h.includes(':') || h.startsWith('[')) return h;
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const last2 = labels.slice(-2).join('.');
  return TWO_LEVEL.has(last2) ? labels.slice(-3).join('.') : last2;
}

/** A host result with nothing known yet (not probed, or the probe itself broke), verdict inconclusive. */
export function emptyHostResult(host: string, ip: string, port: number, mxPreference: number | null, findings: Finding[] = []): HostResult {
  return {
    host,
    ip,
    port,
    mxPreference,
    smtp: { banner: null, ehlo: [], starttls: 'not-tested' },
    tls: { versions: { SSLv3: null, 'TLSv1.0': null, 'TLSv1.1': null, 'TLSv1.2': null, 'TLSv1.3': null }, ciphers: {}, certificate: null },
    findings,
    verdict: 'inconclusive',
    elapsedMs: 0,
  };
}
