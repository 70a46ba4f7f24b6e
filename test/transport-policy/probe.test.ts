// probe() end to end for domains: loopback DNS serving MX/TLSA/TXT (with and without the AD bit), a loopback HTTPS
// MTA-STS policy server trusted through the test CA, and Postfix receivers whose certificates match or do not.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkMailPolicies } from '../../src/probe/transport-policy/policies.js';
import { probe, probeHost } from '../../src/probe/probe.js';
import type { ProbeOptions, ProbeResult } from '../../src/probe/types.js';
import { startDns, type DnsRecord, type TestDns } from '../harness/dns.js';
import type { ReceiverName } from '../harness/postfix.js';
import { leafFor, policy, startAdStrippingProxy, servePolicy, startPolicyServer, tlsaData, type PolicyServer } from './helpers.js';
import { runCli } from '../helpers/cli.js';

const fleet = inject('postfix');
const certs = inject('certs');
const skip = fleet.reason ? ` (skipped: ${fleet.reason})` : '';
const DOMAIN = 'example.test';

interface Setup {
  receiver: ReceiverName;
  tlsa?: { usage: number; selector: number; matchingType: number; data: string }[];
  authenticated?: boolean;
  /** `_mta-sts` TXT; omitted = none. */
  stsTxt?: string;
  /** Policy body served; null = the HTTPS server answers 404; omitted = no HTTPS server at all. */
  policy?: string | null;
  tlsRpt?: string;
  opts?: Partial<ProbeOptions>;
}

const cleanups: (() => Promise<void>)[] = [];
let stsCert: { certPem: string; keyPem: string };
let leaf311 = '';
let ca201 = '';
let ecdsa311 = '';

/** Starts DNS (+ HTTPS) for one scenario and probes example.test against the chosen receiver. */
async function scenario(s: Setup): Promise<ProbeResult> {
  const r = fleet.receivers[s.receiver]!;
  let https: PolicyServer | null = null;
  if (s.policy !== undefined) {
    const body = s.policy;
    https = await startPolicyServer(
      stsCert,
      body === null
        ? (_q, res) => {
            res.writeHead(404);
            res.end();
          }
        : servePolicy(body),
    );
    cleanups.push(() => https!.stop());
  }
  const records: DnsRecord[] = [
    { type: 'MX', preference: 10, exchange: 'mx1.example.test' },
    { name: 'mx1', type: 'A', address: r.host },
    { name: 'mta-sts', type: 'A', address: '127.0.0.1' },
    ...(s.tlsa ?? []).map((t) => ({ name: '_25._tcp.mx1', type: 'TLSA' as const, ...t })),
    ...(s.stsTxt ? [{ name: '_mta-sts', type: 'TXT' as const, text: s.stsTxt }] : []),
    ...(s.tlsRpt ? [{ name: '_smtp._tls', type: 'TXT' as const, text: s.tlsRpt }] : []),
  ];
  const dns: TestDns = await startDns({ engine: 'responder', authenticated: s.authenticated ?? false, zones: { [DOMAIN]: records } });
  cleanups.push(() => dns.stop());
  return probe(DOMAIN, {
    resolver: dns.address,
    port: r.port,
    allowPrivate: true,
    extraCa: [certs.ca.certPem],
    timeoutMs: 10_000,
    ...(https ? { mtaStsPort: https.port } : {}),
    ...s.opts,
  });
}

const ids = (r: ProbeResult): string[] => [...r.findings, ...r.hosts.flatMap((h) => h.findings)].map((f) => f.id);
const policyIds = (r: ProbeResult): string[] =>
  ids(r)
    .filter((id) => /^(dane|mtasts|tlsrpt)\./.test(id))
    .sort();
const sev = (r: ProbeResult, id: string) => [...r.findings, ...r.hosts.flatMap((h) => h.findings)].find((f) => f.id === id)?.severity;

beforeAll(async () => {
  stsCert = await leafFor(certs, `mta-sts.${DOMAIN}`);
  [leaf311, ca201, ecdsa311] = await Promise.all([tlsaData(certs.leaf, 1, 1), tlsaData(certs.ca, 0, 1), tlsaData(certs.ecdsa, 1, 1)]);
});
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()));
});

const RPT = 'v=TLSRPTv1; rua=mailto:tls-reports@example.test';
const STS_TXT = 'v=STSv1; id=20250101T000000';

describe.skipIf(!fleet.available)(`probe: DANE, MTA-STS and TLS-RPT end to end${skip}`, () => {
  it.concurrent('healthy: 3 1 1 + 2 0 1 under DNSSEC, MTA-STS enforce covering the MX, TLS-RPT → pass with only info findings', async () => {
    const r = await scenario({
      receiver: 'tls13-only',
      authenticated: true,
      tlsa: [
        { usage: 3, selector: 1, matchingType: 1, data: leaf311 },
        { usage: 2, selector: 0, matchingType: 1, data: ca201 },
      ],
      stsTxt: STS_TXT,
      policy: policy('enforce', ['mx1.example.test']),
      tlsRpt: RPT,
    });
    expect(r.verdict).toBe('pass');
    expect(policyIds(r)).toEqual(['dane.valid', 'mtasts.valid', 'tlsrpt.valid']);
    const h = r.hosts[0]!;
    expect(h.dane).toMatchObject({ tlsaName: '_25._tcp.mx1.example.test', status: 'valid', authenticated: true, mxAuthenticated: true, enforced: true });
    expect(h.dane!.records.map((x) => [x.usage, x.matches, x.depth])).toEqual([
      [3, true, 0],
      [2, true, 1],
    ]);
    expect(r.mtaSts).toMatchObject({
      status: 'valid',
      txt: { id: '20250101T000000' },
      policy: { mode: 'enforce', mx: ['mx1.example.test'] },
      hosts: [{ host: 'mx1.example.test', matchesPolicy: true, tlsOk: true }],
    });
    expect(r.tlsRpt).toMatchObject({ status: 'valid', rua: ['mailto:tls-reports@example.test'] });
    // The JSON carries no certificate bytes.
    expect(JSON.stringify(r)).not.toMatch(/"type":"Buffer"/);
  });

  it.concurrent('TLSA for another certificate under DNSSEC → dane.mismatch (error), host fails', async () => {
    const r = await scenario({ receiver: 'tls13-only', authenticated: true, tlsa: [{ usage: 3, selector: 1, matchingType: 1, data: ecdsa311 }] });
    expect(policyIds(r)).toEqual(['dane.mismatch', 'tlsrpt.none']);
    expect(sev(r, 'dane.mismatch')).toBe('error');
    expect(r.hosts[0]!.dane).toMatchObject({ status: 'mismatch', enforced: true });
    expect(r.hosts[0]!.verdict).toBe('fail');
    expect(r.verdict).toBe('fail');
  });

  it.concurrent('DANE-TA record vs a self-signed receiver of another name → mismatch', async () => {
    const r = await scenario({ receiver: 'selfsigned-other-name', authenticated: true, tlsa: [{ usage: 2, selector: 0, matchingType: 1, data: ca201 }] });
    expect(policyIds(r)).toContain('dane.mismatch');
    expect(r.verdict).toBe('fail');
  });

  it.concurrent('the same mismatch without the AD bit → not in force: dane.not-authenticated + dane.mismatch-unenforced, still pass', async () => {
    const r = await scenario({ receiver: 'tls13-only', tlsa: [{ usage: 3, selector: 1, matchingType: 1, data: ecdsa311 }] });
    expect(policyIds(r)).toEqual(['dane.mismatch-unenforced', 'dane.not-authenticated', 'tlsrpt.none']);
    expect(r.hosts[0]!.dane).toMatchObject({ status: 'mismatch', authenticated: false, enforced: false });
    expect(r.verdict).toBe('pass');
  });

  it.concurrent('a single matching record → dane.no-rollover; PKIX usages 0/1 → dane.unusable-usage', async () => {
    const r = await scenario({
      receiver: 'tls13-only',
      authenticated: true,
      tlsa: [
        { usage: 3, selector: 1, matchingType: 1, data: leaf311 },
        { usage: 0, selector: 0, matchingType: 1, data: ca201 },
        { usage: 1, selector: 1, matchingType: 1, data: leaf311 },
      ],
    });
    expect(policyIds(r)).toEqual(['dane.no-rollover', 'dane.unusable-usage', 'dane.valid', 'tlsrpt.none']);
    expect(r.verdict).toBe('pass');
    const only01 = await scenario({ receiver: 'tls13-only', authenticated: true, tlsa: [{ usage: 1, selector: 1, matchingType: 1, data: leaf311 }] });
    expect(only01.hosts[0]!.dane!.status).toBe('unusable');
    expect(policyIds(only01)).toEqual(['dane.unusable-usage', 'tlsrpt.none']);
  });

  it.concurrent('no TLSA at all → dane status none and no DANE finding', async () => {
    const r = await scenario({ receiver: 'tls13-only', authenticated: true, tlsRpt: RPT });
    expect(r.hosts[0]!.dane).toMatchObject({ status: 'none', records: [] });
    expect(policyIds(r)).toEqual(['tlsrpt.valid']);
  });

  it.concurrent('MTA-STS enforce with a receiver whose certificate is self-signed for another name → mtasts.enforce-tls-failure, fail', async () => {
    const r = await scenario({ receiver: 'selfsigned-other-name', stsTxt: STS_TXT, policy: policy('enforce', ['mx1.example.test']), tlsRpt: RPT });
    expect(policyIds(r)).toEqual(['mtasts.enforce-tls-failure', 'tlsrpt.valid']);
    expect(r.mtaSts!.hosts[0]).toMatchObject({
      host: 'mx1.example.test',
      matchesPolicy: true,
      tlsOk: false,
      problem: expect.stringMatching(/certificate is for other\.invalid/),
    });
    expect(r.hosts[0]!.verdict).toBe('fail');
    expect(r.verdict).toBe('fail');
  });

  it.concurrent('MTA-STS testing with the same receiver → warning only, mail still flows', async () => {
    const r = await scenario({ receiver: 'selfsigned-other-name', stsTxt: STS_TXT, policy: policy('testing', ['*.example.test']), tlsRpt: RPT });
    expect(policyIds(r)).toEqual(['mtasts.testing', 'mtasts.testing-tls-failure', 'tlsrpt.valid']);
    expect(r.verdict).toBe('pass');
  });

  it.concurrent('MTA-STS enforce with an expired certificate → enforce-tls-failure', async () => {
    const r = await scenario({ receiver: 'expired-cert', stsTxt: STS_TXT, policy: policy('enforce', ['mx1.example.test']) });
    expect(r.mtaSts!.hosts[0]!.problem).toMatch(/certificate expired/);
    expect(policyIds(r)).toContain('mtasts.enforce-tls-failure');
  });

  it.concurrent('policy mx patterns that miss the real MX → mtasts.mx-mismatch (error in enforce)', async () => {
    const r = await scenario({ receiver: 'tls13-only', stsTxt: STS_TXT, policy: policy('enforce', ['mail.example.test', '*.mx.example.test']) });
    expect(policyIds(r)).toEqual(['mtasts.mx-mismatch', 'tlsrpt.none']);
    expect(sev(r, 'mtasts.mx-mismatch')).toBe('error');
    expect(r.verdict).toBe('fail');
  });

  it.concurrent('TXT id without a policy (HTTP 404) → mtasts.policy-missing', async () => {
    const r = await scenario({ receiver: 'tls13-only', stsTxt: STS_TXT, policy: null });
    expect(r.mtaSts).toMatchObject({ status: 'unavailable', fetch: { ok: false, status: 404 } });
    expect(policyIds(r)).toEqual(['mtasts.policy-missing', 'tlsrpt.none']);
    expect(r.verdict).toBe('pass');
  });

  it.concurrent('an invalid policy, an invalid TXT, an invalid TLS-RPT record', async () => {
    const bad = await scenario({
      receiver: 'tls13-only',
      stsTxt: STS_TXT,
      policy: 'version: STSv1\r\nmode: enforce\r\n',
      tlsRpt: 'v=TLSRPTv1; rua=http://x.test/',
    });
    expect(policyIds(bad)).toEqual(['mtasts.policy-invalid', 'tlsrpt.invalid']);
    const txt = await scenario({ receiver: 'tls13-only', stsTxt: 'v=STSv1; id=not-valid!' });
    expect(policyIds(txt)).toEqual(['mtasts.txt-invalid', 'tlsrpt.none']);
  });

  it.concurrent('dane: false and mtaSts: false skip everything', async () => {
    const r = await scenario({
      receiver: 'tls13-only',
      authenticated: true,
      tlsa: [{ usage: 3, selector: 1, matchingType: 1, data: ecdsa311 }],
      stsTxt: STS_TXT,
      policy: policy('enforce', ['nothing.example.test']),
      opts: { dane: false, mtaSts: false },
    });
    expect(policyIds(r)).toEqual([]);
    expect(r.hosts[0]!.dane).toBeUndefined();
    expect(r.mtaSts).toBeUndefined();
    expect(r.verdict).toBe('pass');
  });

  it.concurrent('TLSA but no STARTTLS → dane.unchecked; mode none → mtasts.mode-none; a short max_age → mtasts.policy-warning', async () => {
    const r = await scenario({
      receiver: 'no-starttls',
      authenticated: true,
      tlsa: [
        { usage: 3, selector: 1, matchingType: 1, data: leaf311 },
        { usage: 2, selector: 0, matchingType: 1, data: ca201 },
      ],
    });
    expect(r.hosts[0]!.dane!.status).toBe('unchecked');
    expect(policyIds(r)).toEqual(['dane.unchecked', 'tlsrpt.none']);
    const none = await scenario({ receiver: 'tls13-only', stsTxt: STS_TXT, policy: policy('none', []) });
    expect(policyIds(none)).toEqual(['mtasts.mode-none', 'tlsrpt.none']);
    const short = await scenario({ receiver: 'tls13-only', stsTxt: STS_TXT, policy: policy('enforce', ['mx1.example.test'], 3600) });
    expect(policyIds(short)).toEqual(['mtasts.policy-warning', 'mtasts.valid', 'tlsrpt.none']);
  });

  it.concurrent('signed TLSA but an unsigned MX answer → dane.mx-not-authenticated, not in force', async () => {
    const rx = fleet.receivers['tls13-only']!;
    const dns = await startDns({
      engine: 'responder',
      authenticated: true,
      zones: {
        [DOMAIN]: [
          { type: 'MX', preference: 10, exchange: 'mx1.example.test' },
          { name: 'mx1', type: 'A', address: rx.host },
          { name: '_25._tcp.mx1', type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: ecdsa311 },
        ],
      },
    });
    const proxy = await startAdStrippingProxy(dns.address, ['MX']);
    cleanups.push(
      () => proxy.stop(),
      () => dns.stop(),
    );
    const r = await probe(DOMAIN, {
      resolver: proxy.address,
      port: rx.port,
      allowPrivate: true,
      extraCa: [certs.ca.certPem],
      timeoutMs: 10_000,
      mtaSts: false,
    });
    expect(r.hosts[0]!.dane).toMatchObject({ authenticated: true, mxAuthenticated: false, enforced: false, status: 'mismatch' });
    expect(policyIds(r)).toEqual(['dane.mismatch-unenforced', 'dane.mx-not-authenticated', 'tlsrpt.none']);
    expect(r.verdict).toBe('pass');
  });

  it.concurrent('lookups the resolver refuses → dane.lookup-failed, mtasts.lookup-failed, tlsrpt.lookup-failed', async () => {
    const rx = fleet.receivers['tls13-only']!;
    const dns = await startDns({ engine: 'responder', zones: { [DOMAIN]: [{ name: 'mx1', type: 'A', address: rx.host }] } });
    cleanups.push(() => dns.stop());
    const host = await probeHost({ name: 'mx1.elsewhere.test', ip: rx.host, port: rx.port, mxPreference: 10 }, { timeoutMs: 10_000 });
    const p = await checkMailPolicies('elsewhere.test', [host], { resolver: dns.address });
    expect(p.hosts[0]!.dane).toMatchObject({ status: 'lookup-failed', error: expect.stringMatching(/REFUSED/) });
    expect(p.hosts[0]!.findings.map((f) => [f.id, f.severity])).toEqual([['dane.lookup-failed', 'warning']]);
    expect(p.findings.map((f) => f.id)).toEqual(['mtasts.lookup-failed', 'tlsrpt.lookup-failed']);
  });

  it.concurrent('an address target gets no policy checks (no domain to look up)', async () => {
    const rx = fleet.receivers['tls13-only']!;
    const r = await probe(rx.address, { allowPrivate: true, extraCa: [certs.ca.certPem], timeoutMs: 10_000 });
    expect(r.resolution).toBe('ip');
    expect(r.hosts[0]!.dane).toBeUndefined();
    expect(r.mtaSts).toBeUndefined();
    expect(r.tlsRpt).toBeUndefined();
  });
});

/** Runs the real CLI and returns its exit status and output. */
function cli(args: string[]) {
  return runCli(args, { env: { LANG: process.env.LANG ?? '' } });
}

describe.skipIf(!fleet.available)(`mailtls probe CLI with DANE${skip}`, () => {
  it('exit 1 and dane.mismatch for a wrong TLSA under DNSSEC; --no-dane → exit 0; Dutch text', async () => {
    const r = fleet.receivers['tls13-only']!;
    const dns = await startDns({
      engine: 'responder',
      authenticated: true,
      zones: {
        [DOMAIN]: [
          { type: 'MX', preference: 10, exchange: 'mx1.example.test' },
          { name: 'mx1', type: 'A', address: r.host },
          { name: '_25._tcp.mx1', type: 'TLSA', usage: 3, selector: 1, matchingType: 1, data: ecdsa311 },
        ],
      },
    });
    cleanups.push(() => dns.stop());
    const base = ['probe', DOMAIN, '--resolver', dns.address, '--port', String(r.port), '--allow-private', '--ca', certs.ca.certPath, '--no-mta-sts'];
    const json = await cli([...base, '--json']);
    expect(json.code, json.stderr).toBe(1);
    const doc = JSON.parse(json.stdout) as ProbeResult;
    expect(doc.hosts[0]!.dane).toMatchObject({ status: 'mismatch', enforced: true });
    expect(doc.mtaSts).toBeUndefined();
    const nl = await cli([...base, '--lang', 'nl']);
    expect(nl.stdout).toMatch(/de TLSA-records op _25\._tcp\.mx1\.example\.test \(1 bruikbaar\) passen niet bij de certificaatketen/);
    expect(nl.stdout).toMatch(/DNSSEC/);
    const off = await cli([...base, '--no-dane', '--json']);
    expect(off.code).toBe(0);
    expect((JSON.parse(off.stdout) as ProbeResult).hosts[0]!.dane).toBeUndefined();
  });
});
