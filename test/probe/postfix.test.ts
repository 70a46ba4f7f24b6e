// probe against every Postfix configuration of the harness: versions and suites equal sslscan's (and testssl.sh's
// version matrix), the verdict and findings are right, and the CLI's exit status matches.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TLS_VERSIONS } from '../../src/policy/exchange-online.js';
import { probe, probeHost } from '../../src/probe/probe.js';
import type { HostResult, Verdict } from '../../src/probe/types.js';
import { startDns, type TestDns } from '../harness/dns.js';
import { RECEIVER_NAMES, type ReceiverName } from '../harness/postfix.js';
import { sslscan, testssl } from '../harness/tools.js';

const fleet = inject('postfix');
const certs = inject('certs');
const skip = fleet.reason ? ` (skipped: ${fleet.reason})` : '';

const EXPECT: Record<ReceiverName, { verdict: Verdict; ids: string[] }> = {
  'tls10-13': { verdict: 'pass', ids: ['tls.tls10-accepted', 'tls.tls11-accepted'] },
  'tls12-only': { verdict: 'pass', ids: ['tls.tls13-not-offered'] },
  'tls10-11-only': { verdict: 'fail', ids: ['tls.tls12-not-offered', 'tls.tls10-accepted', 'tls.tls11-accepted'] },
  'tls13-only': { verdict: 'pass', ids: [] },
  'no-starttls': { verdict: 'fail', ids: ['starttls.not-offered'] },
  'cbc-only': { verdict: 'pass', ids: ['tls.tls10-accepted', 'tls.tls11-accepted', 'tls.tls13-not-offered'] },
  'expired-cert': { verdict: 'pass', ids: ['cert.expired'] },
  'selfsigned-other-name': { verdict: 'pass', ids: ['cert.self-signed', 'cert.name-mismatch'] },
  'ecdsa-cert': { verdict: 'pass', ids: ['tls.tls12-no-common-suite', 'cert.non-rsa-key'] },
  'sha1-cert': { verdict: 'pass', ids: ['cert.sha1-signature'] },
};

const sorted = (a: readonly string[] | undefined): string[] => [...(a ?? [])].sort();
const ids = (h: HostResult): string[] => h.findings.map((f) => f.id);

/** Runs the CLI from source (no build needed) and returns its exit status and output. */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = `import('${new URL('../../src/cli/main.ts', import.meta.url).pathname}').then(async (m) => { process.exitCode = await m.main(['node', 'mailtls', ...process.argv.slice(1)]); })`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '-e', script, ...args],
      { timeout: 90_000, env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr });
      },
    );
  });
}

describe.skipIf(!fleet.available)(`probe vs the Postfix fleet${skip}`, () => {
  const rx = (n: ReceiverName) => fleet.receivers[n]!;
  const results = new Map<ReceiverName, HostResult>();

  it.each(RECEIVER_NAMES)('%s: versions and every suite equal sslscan; verdict and findings right', async (name) => {
    const r = rx(name);
    const [res, ss] = await Promise.all([
      probeHost({ name: 'mx1.example.test', ip: r.host, port: r.port, mxPreference: null }, { ciphers: true, extraCa: [certs.ca.certPem], timeoutMs: 10_000 }),
      sslscan(r.address),
    ]);
    results.set(name, res);
    expect(res.verdict).toBe(EXPECT[name].verdict);
    for (const id of EXPECT[name].ids) expect(ids(res)).toContain(id);
    if (!r.starttls) {
      expect(res.smtp.starttls).toBe('not-offered');
      expect(ss.starttls).toBe(false);
      return;
    }
    expect(res.smtp.starttls).toBe('offered');
    for (const v of TLS_VERSIONS) {
      expect(res.tls.versions[v], `${name} ${v} vs harness spec`).toBe(r.versions[v]);
      if (ss.versions[v] !== null) expect(res.tls.versions[v], `${name} ${v} vs sslscan`).toBe(ss.versions[v]);
      expect(sorted(res.tls.ciphers[v]), `${name} ${v} suites vs sslscan`).toEqual(sorted(ss.ciphers[v]));
    }
    if (r.pinnedSuites) expect(sorted(res.tls.ciphers['TLSv1.2'])).toEqual(sorted(r.pinnedSuites));
    const cert = res.tls.certificate!;
    expect(cert.chainLength).toBeGreaterThan(0);
    expect(cert.selfSigned).toBe(name === 'selfsigned-other-name');
    expect(cert.nameMatches).toBe(name !== 'selfsigned-other-name');
    expect(cert.trusted).toBe(!['expired-cert', 'selfsigned-other-name'].includes(name));
    if (name === 'sha1-cert') expect(cert.signatureAlgorithm).toBe('sha1WithRSAEncryption');
    if (name === 'ecdsa-cert') expect(cert.keyType).toBe('ec');
  });

  it.concurrent.each(['tls10-13', 'tls12-only', 'tls10-11-only', 'tls13-only', 'cbc-only'] as const)(
    '%s: the version matrix equals testssl.sh -p',
    async (name) => {
      const r = rx(name);
      const ours = results.get(name) ?? (await probeHost({ name: 'mx1.example.test', ip: r.host, port: r.port, mxPreference: null }, {}));
      const ts = await testssl(r.address);
      for (const v of TLS_VERSIONS) if (ts.versions[v] !== null) expect(ours.tls.versions[v], `${name} ${v} vs testssl.sh`).toBe(ts.versions[v]);
      expect(ts.versions['TLSv1.2']).not.toBeNull();
    },
    240_000,
  );

  it('without --ciphers reports the negotiated suite per version and one connection at a time', async () => {
    const r = rx('tls10-13');
    const res = await probeHost({ name: 'mx1.example.test', ip: r.host, port: r.port, mxPreference: null }, {});
    for (const v of ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const) expect(res.tls.ciphers[v]).toHaveLength(1);
    expect(res.tls.negotiated?.version).toBe('TLSv1.3');
    expect(res.connections).toBeLessThan(15);
  });

  describe('domains through the harness DNS', () => {
    let dns: TestDns;
    let nullDns: TestDns;
    beforeAll(async () => {
      dns = await startDns({
        zones: {
          'example.test': [
            { type: 'MX', preference: 20, exchange: 'mx2.example.test' },
            { type: 'MX', preference: 10, exchange: 'mx1.example.test' },
            { name: 'mx1', type: 'A', address: '127.0.0.1' },
            { name: 'mx2', type: 'A', address: '127.0.0.1' },
            { name: 'nomx', type: 'A', address: '127.0.0.1' },
            { name: 'meta', type: 'MX', preference: 10, exchange: 'metadata.example.test' },
            { name: 'metadata', type: 'A', address: '169.254.169.254' },
          ],
        },
      });
      nullDns = await startDns({ zones: { 'nomail.test': [{ type: 'MX', preference: 0, exchange: '.' }] } });
    });
    afterAll(async () => {
      await dns?.stop();
      await nullDns?.stop();
    });

    it('probes every MX host by preference, matching the certificate name against each MX name', async () => {
      const r = rx('tls12-only');
      const res = await probe('example.test', { resolver: dns.address, port: r.port, allowPrivate: true, extraCa: [certs.ca.certPem] });
      expect(res.resolution).toBe('mx');
      expect(res.hosts.map((h) => [h.host, h.mxPreference])).toEqual([
        ['mx1.example.test', 10],
        ['mx2.example.test', 20],
      ]);
      expect(res.hosts[0]!.tls.certificate!.nameMatches).toBe(true);
      expect(res.hosts[0]!.tls.certificate!.trusted).toBe(true);
      expect(res.hosts[1]!.tls.certificate!.nameMatches).toBe(false);
      expect(ids(res.hosts[1]!)).toContain('cert.name-mismatch');
      expect(res.verdict).toBe('pass');
    });

    it('falls back to A without MX, understands null MX, reports NXDOMAIN, and refuses non-public addresses', async () => {
      const r = rx('tls12-only');
      const a = await probe('nomx.example.test', { resolver: dns.address, port: r.port, allowPrivate: true });
      expect(a.resolution).toBe('a-fallback');
      expect(a.hosts).toHaveLength(1);
      const n = await probe('nomail.test', { resolver: nullDns.address });
      expect(n.resolution).toBe('null-mx');
      expect(n.findings.map((f) => f.id)).toContain('dns.null-mx');
      const nx = await probe('missing.example.test', { resolver: dns.address });
      expect(nx.findings.map((f) => f.id)).toContain('dns.nxdomain');
      expect(nx.verdict).toBe('inconclusive');
      const priv = await probe('meta.example.test', { resolver: dns.address });
      expect(priv.hosts).toHaveLength(0);
      expect(priv.findings.find((f) => f.id === 'dns.address-refused')?.message).toMatch(/169\.254\.169\.254.*link-local/);
    });

    it('CLI: exit 0 for TLS 1.2, 1 for TLS 1.0/1.1 only (with the reason), 1 without STARTTLS, 2 when nothing could be tested', async () => {
      const base = ['--resolver', dns.address, '--allow-private', '--timeout', '5'];
      const ok = await cli(['probe', 'mx1.example.test', '--port', String(rx('tls12-only').port), ...base]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/PASS/);
      const legacy = await cli(['probe', 'mx1.example.test', '--port', String(rx('tls10-11-only').port), ...base, '--json']);
      expect(legacy.code).toBe(1);
      const doc = JSON.parse(legacy.stdout) as { verdict: string; hosts: HostResult[] };
      expect(doc.verdict).toBe('fail');
      expect(doc.hosts[0]!.findings.map((f) => f.id)).toContain('tls.tls12-not-offered');
      const nl = await cli(['probe', 'mx1.example.test', '--port', String(rx('no-starttls').port), ...base, '--lang', 'nl']);
      expect(nl.code).toBe(1);
      expect(nl.stdout).toMatch(/biedt geen STARTTLS aan/);
      const nx = await cli(['probe', 'missing.example.test', ...base]);
      expect(nx.code).toBe(2);
      expect(nx.stderr).toMatch(/^mailtls: .*does not exist/m);
      expect(nx.stderr).not.toMatch(/\n\s+at /);
      const bad = await cli(['probe', 'not a host', ...base]);
      expect(bad.code).toBe(2);
    });
  });
});
