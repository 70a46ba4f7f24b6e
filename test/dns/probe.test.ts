// `mailtls probe` and `mailtls scan` over a DNS server that fails one record type: the IPv4 address is still probed,
// the DNS problem is a warning naming the type and the answer, and the verdict is the server's own (issue 18).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificate } from '../../src/tls/certs.js';
import type { ProbeResult } from '../../src/probe/types.js';
import { startDns, type DnsRecord, type MisbehaveRule, type TestDns } from '../harness/dns.js';
import { freeTcpPort } from '../harness/postfix.js';
import { runCli } from '../helpers/cli.js';
import { hostileServer, type HostileServer } from '../hostile/servers.js';

const Z = 'cases.test';
/** Domain → what its MX host's DNS does wrong. Every MX host has only A 127.0.0.1 (and no AAAA record). */
const CASES: { domain: string; rule: MisbehaveRule['do'] | 'cname'; type: 'A' | 'AAAA' | 'MX'; warning: string | null; answer?: RegExp }[] = [
  { domain: 'aaaa-servfail', rule: 'servfail', type: 'AAAA', warning: 'dns.address-lookup-failed', answer: /^SERVFAIL$/ },
  { domain: 'aaaa-refused', rule: 'refused', type: 'AAAA', warning: 'dns.address-lookup-failed', answer: /^REFUSED$/ },
  { domain: 'aaaa-silent', rule: 'silent', type: 'AAAA', warning: 'dns.address-lookup-failed', answer: /^no answer within 2 s$/ },
  { domain: 'aaaa-garbage', rule: 'garbage-id', type: 'AAAA', warning: 'dns.address-lookup-failed', answer: /^unreadable answer/ },
  // NODATA is how a name without IPv6 answers; a TC answer then TCP is how DNS works: neither is a problem to report
  { domain: 'aaaa-nodata', rule: 'nodata', type: 'AAAA', warning: null },
  { domain: 'a-truncated', rule: 'truncate', type: 'A', warning: null },
  { domain: 'mx-cname', rule: 'cname', type: 'A', warning: 'dns.mx-cname' },
];

let dns: TestDns;
let srv: HostileServer;
const dir = mkdtempSync(join(tmpdir(), 'mailtls-dns-'));

beforeAll(async () => {
  const cert = await generateCertificate({ commonName: `mx.${Z}`, altNames: [`*.${Z}`] });
  srv = await hostileServer({ ehlo: ['PIPELINING', 'STARTTLS'], afterStarttls: 'tls', tls: { cert: cert.certPem, key: cert.keyPem } });
  const records: DnsRecord[] = [];
  const rules: MisbehaveRule[] = [];
  for (const c of CASES) {
    records.push({ name: c.domain, type: 'MX', preference: 10, exchange: `mx.${c.domain}.${Z}` });
    if (c.rule === 'cname') {
      records.push({ name: `mx.${c.domain}`, type: 'CNAME', target: `real.${c.domain}.${Z}.` }, { name: `real.${c.domain}`, type: 'A', address: '127.0.0.1' });
      continue;
    }
    records.push({ name: `mx.${c.domain}`, type: 'A', address: '127.0.0.1' });
    rules.push({ name: `mx.${c.domain}.${Z}`, type: c.type, do: c.rule });
  }
  // 30 more domains for the scan, every one with an AAAA that fails one way or another (the 300/300)
  const kinds: MisbehaveRule['do'][] = ['refused', 'servfail', 'garbage', 'nodata', 'truncate'];
  for (let i = 0; i < 30; i++) {
    records.push({ name: `d${i}`, type: 'MX', preference: 10, exchange: `mx.d${i}.${Z}` }, { name: `mx.d${i}`, type: 'A', address: '127.0.0.1' });
    rules.push({ name: `mx.d${i}.${Z}`, type: kinds[i % kinds.length] === 'truncate' ? 'A' : 'AAAA', do: kinds[i % kinds.length] as MisbehaveRule['do'] });
  }
  // policy lookups that fail: TLSA SERVFAIL, _mta-sts TXT never answered, _smtp._tls TXT garbage
  records.push({ name: 'policies', type: 'MX', preference: 10, exchange: `mx.policies.${Z}` }, { name: 'mx.policies', type: 'A', address: '127.0.0.1' });
  rules.push(
    { name: `mx.policies.${Z}`, type: 'AAAA', do: 'refused' },
    { name: `_25._tcp.mx.policies.${Z}`, type: 'TLSA', do: 'servfail' },
    { name: `_mta-sts.policies.${Z}`, type: 'TXT', do: 'silent' },
    { name: `_smtp._tls.policies.${Z}`, type: 'TXT', do: 'garbage-id' },
    { name: `mxfail.${Z}`, type: 'MX', do: 'servfail' },
    { name: `mxsilent.${Z}`, type: 'MX', do: 'silent' },
  );
  records.push(
    { name: 'nxhost', type: 'MX', preference: 10, exchange: `gone.nxhost.${Z}` },
    { name: 'nodatahost', type: 'MX', preference: 10, exchange: `mx.nodatahost.${Z}` },
    { name: 'mx.nodatahost', type: 'TXT', text: 'no address here' },
  );
  dns = await startDns({ zones: { [Z]: records }, misbehave: rules });
});
afterAll(async () => {
  await dns?.stop();
  await srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

const probeArgs = (domain: string, ...more: string[]): string[] => [
  'probe',
  domain,
  '--resolver',
  dns.address,
  '--port',
  String(srv.port),
  '--allow-private',
  '--timeout',
  '2',
  ...more,
];

async function probeJson(domain: string, ...more: string[]): Promise<{ code: number; r: ProbeResult; stderr: string }> {
  const out = await runCli([...probeArgs(domain, ...more), '--json']);
  return { code: out.code, r: JSON.parse(out.stdout) as ProbeResult, stderr: out.stderr };
}

describe('probe: one failed record type never hides a reachable mail server', () => {
  it.each(CASES.map((c) => [c.domain, c]))('%s: 127.0.0.1 probed, server verdict pass, DNS problem as a warning', async (domain, c) => {
    const { code, r } = await probeJson(`${domain}.${Z}`, '--no-dane', '--no-mta-sts');
    expect(r.hosts.map((h) => h.ip)).toEqual(['127.0.0.1']);
    expect(r.hosts[0]?.smtp.starttls).toBe('offered');
    expect(r.verdict).toBe('pass');
    expect(code).toBe(0);
    const dnsFindings = r.findings.filter((f) => f.id.startsWith('dns.'));
    if (c.rule === 'truncate') expect(dns.log).toContain(`A mx.${domain}.${Z} tcp`);
    if (c.warning === null) expect(dnsFindings).toEqual([]);
    else {
      expect(dnsFindings.map((f) => [f.id, f.severity])).toEqual([[c.warning, 'warning']]);
      const p = dnsFindings[0]?.params ?? {};
      if (c.warning === 'dns.address-lookup-failed') {
        expect(p).toMatchObject({ host: `mx.${domain}.${Z}`, type: c.type, other: 'IPv4' });
        expect(String(p.answer)).toMatch(c.answer as RegExp);
      } else expect(p).toMatchObject({ host: `mx.${domain}.${Z}`, target: `real.${domain}.${Z}` });
    }
  });

  it('the issue as filed, in text: a warning line and the server verdict (and Dutch)', async () => {
    const en = await runCli(probeArgs(`aaaa-refused.${Z}`, '--no-dane', '--no-mta-sts'));
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(
      /WARN +dns\.address-lookup-failed +the AAAA lookup for mx\.aaaa-refused\.cases\.test failed \(REFUSED\); went on with its IPv4 addresses/,
    );
    expect(en.stdout).toMatch(/Overall for aaaa-refused\.cases\.test: PASS/);
    const nl = await runCli([...probeArgs(`aaaa-refused.${Z}`, '--no-dane', '--no-mta-sts'), '--lang', 'nl']);
    expect(nl.stdout).toMatch(/de AAAA-opvraging voor mx\.aaaa-refused\.cases\.test is mislukt \(REFUSED\); verder met de IPv4-adressen/);
  });

  it('TLSA, MTA-STS and TLS-RPT lookups that fail are their own warnings and leave the verdict alone', async () => {
    const { code, r } = await probeJson(`policies.${Z}`);
    expect(r.verdict).toBe('pass');
    expect(r.hosts[0]?.verdict).toBe('pass');
    expect(code).toBe(0);
    const all = [...r.findings, ...r.hosts.flatMap((h) => h.findings)];
    const sev = (id: string): string | undefined => all.find((f) => f.id === id)?.severity;
    expect([sev('dane.lookup-failed'), sev('mtasts.lookup-failed'), sev('tlsrpt.lookup-failed'), sev('dns.address-lookup-failed')]).toEqual([
      'warning',
      'warning',
      'warning',
      'warning',
    ]);
    expect(all.find((f) => f.id === 'dane.lookup-failed')?.message).toMatch(/SERVFAIL/);
    expect(all.find((f) => f.id === 'mtasts.lookup-failed')?.message).toMatch(/no answer within 2 s/);
    expect(all.find((f) => f.id === 'tlsrpt.lookup-failed')?.message).toMatch(/unreadable answer/);
  });

  it('MX SERVFAIL and MX never answered: inconclusive with dns.mx-lookup-failed, exit 2', async () => {
    for (const [name, answer] of [
      ['mxfail', /^SERVFAIL$/],
      ['mxsilent', /^no answer within 2 s$/],
    ] as const) {
      const { code, r, stderr } = await probeJson(`${name}.${Z}`, '--no-dane', '--no-mta-sts');
      expect(r.verdict).toBe('inconclusive');
      expect(code).toBe(2);
      const f = r.findings.find((x) => x.id === 'dns.mx-lookup-failed');
      expect(f?.severity).toBe('error');
      expect(String(f?.params?.answer)).toMatch(answer);
      expect(stderr).toMatch(/^mailtls: the MX lookup for .* failed/);
    }
  });

  it('an MX host that does not exist and one that exists without an address are told apart', async () => {
    const nx = await probeJson(`nxhost.${Z}`, '--no-dane', '--no-mta-sts');
    expect(nx.r.findings.map((f) => f.id)).toEqual(['dns.mx-host-nxdomain', 'probe.nothing-tested']);
    const nodata = await probeJson(`nodatahost.${Z}`, '--no-dane', '--no-mta-sts');
    expect(nodata.r.findings.map((f) => f.id)).toEqual(['dns.no-address', 'probe.nothing-tested']);
  });

  it('a --resolver where nothing listens: one line on stderr, nothing on stdout, exit 2', async () => {
    const port = await freeTcpPort('127.0.0.1');
    const out = await runCli(['probe', `aaaa-refused.${Z}`, '--resolver', `127.0.0.1:${port}`, '--timeout', '2']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(`mailtls: cannot reach the DNS server 127.0.0.1:${port} (ECONNREFUSED): nothing answers there; check --resolver ip:port\n`);
  });
});

describe('scan: every domain gets its real verdict over the same resolver', () => {
  it('37 domains whose MX host fails AAAA (or A over UDP) in five ways: all pass', async () => {
    const domains = [...Array.from({ length: 30 }, (_, i) => `d${i}.${Z}`), ...CASES.map((c) => `${c.domain}.${Z}`)];
    const targets = join(dir, 'targets.txt');
    writeFileSync(targets, domains.join('\n') + '\n');
    const db = join(dir, 'scan.db');
    const out = await runCli(
      [
        'scan',
        targets,
        '--db',
        db,
        '--resolver',
        dns.address,
        '--port',
        String(srv.port),
        '--allow-private',
        '--timeout',
        '2',
        '--export',
        'json',
        '--out',
        '-',
      ],
      { timeoutMs: 120_000 },
    );
    expect(out.stderr).not.toMatch(/Error|at .*\.ts:/);
    const exp = JSON.parse(out.stdout) as { domains: { domain: string; verdict: string; findings: { id: string; severity: string }[] }[] };
    const list = exp.domains;
    expect(list.map((d) => d.domain).sort()).toEqual([...domains].sort());
    expect(list.filter((d) => d.verdict !== 'pass').map((d) => `${d.domain} ${d.verdict}`)).toEqual([]);
    // the warnings travel with the domain: 6 of every 10 d* domains (refused, servfail, garbage), 4 of the CASES
    const warned = list.filter((d) => d.findings.some((f) => f.id === 'dns.address-lookup-failed' && f.severity === 'warning')).length;
    expect(warned).toBe(18 + 4);
  });

  it('a scan with a --resolver where nothing listens stops with one line and exit 2', async () => {
    const port = await freeTcpPort('127.0.0.1');
    const targets = join(dir, 'few.txt');
    writeFileSync(targets, 'd1.cases.test\nd2.cases.test\n');
    const out = await runCli(['scan', targets, '--db', join(dir, 'dead.db'), '--resolver', `127.0.0.1:${port}`, '--timeout', '2']);
    expect(out.code).toBe(2);
    expect(
      out.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('mailtls:')),
    ).toEqual([`mailtls: cannot reach the DNS server 127.0.0.1:${port} (ECONNREFUSED): nothing answers there; check --resolver ip:port`]);
  });
});
