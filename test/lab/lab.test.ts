// mailtls lab end to end: every scenario's finding ids and strings, each lab server checked once by an independent
// tool (sslscan or swaks), and the CLI (--list, --json, --scenario, --lang nl, lab serve).
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLab, startLabServers, tls12RegistryLines, type LabServers } from '../../src/lab/index.js';
import type { LabResult, LabScenarioResult, ScenarioName } from '../../src/lab/types.js';
import { EXCHANGE_ONLINE } from '../../src/policy/exchange-online.js';
import { sslscan, swaks } from '../harness/tools.js';
import { runCli } from '../helpers/cli.js';

/** Runs the real CLI (compiled, or from source when dist/ is stale). */
function cli(args: string[], timeoutMs = 60_000) {
  return runCli(args, { timeoutMs });
}

/** What each scenario must show: finding ids (exact set of errors and warnings), verdict, and strings seen. */
const EXPECTED: Record<ScenarioName, { ids: string[]; verdict: string; outcome?: string; strings: string[] }> = {
  healthy: { ids: [], verdict: 'pass', strings: [] },
  'legacy-tls': {
    ids: ['tls.tls10-accepted', 'tls.tls11-accepted', 'tls.tls12-not-offered'],
    verdict: 'fail',
    strings: [EXCHANGE_ONLINE.replies.socketErrorNdr, EXCHANGE_ONLINE.replies.socketErrorLog],
  },
  'broken-handshake': {
    ids: ['tls.handshake-failed'],
    verdict: 'fail',
    strings: ['ECONNRESET', '421 4.4.2 Connection dropped due to SocketError', 'TLS negotiation failed with error SocketError'],
  },
  'no-starttls': { ids: ['starttls.not-offered'], verdict: 'fail', strings: ['PIPELINING'] },
  'expired-certificate': { ids: ['cert.expired'], verdict: 'pass', strings: [] },
  'self-signed-certificate': { ids: ['cert.self-signed'], verdict: 'pass', strings: [] },
  'eo-sender-tls10': {
    ids: ['listen.tls-version-refused'],
    verdict: 'fail',
    outcome: 'tls-refused',
    strings: [
      'TLS alert protocol_version (70)',
      'alert protocol version',
      '421 4.4.2 Connection dropped due to SocketError',
      'TLS negotiation failed with error SocketError',
    ],
  },
  'eo-sender-no-starttls': {
    ids: ['listen.no-starttls'],
    verdict: 'fail',
    outcome: 'starttls-required',
    strings: ['451 5.7.3 STARTTLS is required to send mail'],
  },
  'eo-sender-healthy': { ids: [], verdict: 'pass', outcome: 'delivered', strings: ['Queued mail for delivery'] },
  'onprem-sender-no-starttls': {
    ids: ['listen.no-starttls'],
    verdict: 'fail',
    outcome: 'starttls-required',
    strings: ['451 5.7.3 Must issue a STARTTLS command first'],
  },
  'outbound-connector-name-mismatch': {
    ids: ['connector.outbound-name-mismatch'],
    verdict: 'fail',
    strings: ['450 4.7.320 Certificate validation failed [Message=SubjectMismatch]'],
  },
  'onprem-sender-no-client-certificate': {
    ids: ['connector.not-attributed.no-certificate', 'connector.relay-denied'],
    verdict: 'fail',
    outcome: 'tls-ok',
    strings: ['550 5.7.64 TenantAttribution; Relay Access Denied'],
  },
};

describe('runLab: every scenario end to end', () => {
  let result: LabResult;
  beforeAll(async () => {
    result = await runLab();
  }, 60_000);

  it('runs every scenario and reproduces each', () => {
    expect(result.scenarios.map((s) => s.name)).toEqual(Object.keys(EXPECTED));
    expect(result.scenarios.filter((s) => !s.pass).map((s) => `${s.name}: ${s.missing.join('; ')}`)).toEqual([]);
    expect(result.pass).toBe(true);
  });

  for (const [name, exp] of Object.entries(EXPECTED) as [ScenarioName, (typeof EXPECTED)[ScenarioName]][]) {
    it(`${name}: finding ids, verdict and what each side sees`, () => {
      const s = result.scenarios.find((x) => x.name === name) as LabScenarioResult;
      const ids = s.observed.findings
        .filter((f) => f.severity !== 'info')
        .map((f) => f.id)
        .sort();
      expect(ids).toEqual([...exp.ids].sort());
      expect(s.observed.verdict).toBe(exp.verdict);
      if (exp.outcome) expect(s.observed.outcome).toBe(exp.outcome);
      const seen = s.strings.map((x) => x.text).join('\n');
      for (const t of exp.strings) expect(seen).toContain(t);
      // The article's strings are only ever shown as what Exchange writes, never as something the wire carried.
      for (const x of s.strings) if (x.text === EXCHANGE_ONLINE.replies.socketErrorNdr) expect(x.observed).toBe(false);
    });
  }

  it('points TLS-version failures at the right SCHANNEL side with the correct key text', () => {
    const byName = (n: ScenarioName) => result.scenarios.find((s) => s.name === n) as LabScenarioResult;
    expect(byName('legacy-tls').fix?.registry[0]).toBe(
      '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server]',
    );
    expect(byName('eo-sender-tls10').fix?.registry[0]).toMatch(/\\TLS 1\.2\\Client\]$/);
    const all = result.scenarios.flatMap((s) => [...(s.fix?.registry ?? []), s.fix?.text ?? '']).join('\n');
    expect(all).not.toMatch(/TLS 1,2/);
    for (const m of all.matchAll(/dword:([0-9a-f]+)/g)) expect(m[1]).toHaveLength(8);
    expect(tls12RegistryLines('client')).toEqual([
      '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client]',
      '"DisabledByDefault"=dword:00000000',
      '"Enabled"=dword:00000001',
    ]);
    expect(byName('healthy').fix).toBeNull();
  });
});

describe('the lab servers, checked by independent tools', () => {
  let lab: LabServers;
  beforeAll(async () => {
    lab = await startLabServers();
  }, 60_000);
  afterAll(async () => {
    await lab?.close();
  });

  it('healthy: sslscan sees TLS 1.2 and 1.3 only', async () => {
    const r = await sslscan(lab.get('healthy').address);
    expect(r.versions).toMatchObject({ 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
  });

  it('legacy-tls: sslscan sees TLS 1.0 and 1.1 only', async () => {
    const r = await sslscan(lab.get('legacy-tls').address);
    expect(r.versions).toMatchObject({ 'TLSv1.0': true, 'TLSv1.1': true, 'TLSv1.2': false, 'TLSv1.3': false });
  });

  it('broken-handshake: swaks gets the STARTTLS 220 and then no TLS', async () => {
    const s = lab.get('broken-handshake');
    const r = await swaks(s.host, s.port, { timeoutSeconds: 10 });
    expect(r.serverLines.join('\n')).toContain('STARTTLS');
    expect(r.serverLines.join('\n')).toContain('220 2.0.0 SMTP server ready');
    expect(r.tls).toBe(false);
  });

  it('no-starttls: swaks finds no STARTTLS to use', async () => {
    const s = lab.get('no-starttls');
    const r = await swaks(s.host, s.port, { timeoutSeconds: 10 });
    expect(r.tls).toBe(false);
    expect(r.serverLines.join('\n')).not.toMatch(/STARTTLS/);
    expect(r.exitCode).not.toBe(0);
  });

  it('expired-certificate: sslscan sees an expired certificate', async () => {
    const r = await sslscan(lab.get('expired-certificate').address);
    expect(r.certificate?.expired).toBe(true);
  });

  it('self-signed-certificate: sslscan sees a self-signed certificate', async () => {
    const r = await sslscan(lab.get('self-signed-certificate').address);
    expect(r.certificate?.selfSigned).toBe(true);
    expect(r.versions['TLSv1.2']).toBe(true);
  });

  it("exchange-online: sslscan sees TLS 1.2+ with Exchange Online's suites only", async () => {
    const r = await sslscan(lab.get('exchange-online').address);
    expect(r.versions).toMatchObject({ 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': true });
    expect(r.ciphers['TLSv1.2'].length).toBeGreaterThan(0);
    for (const c of r.ciphers['TLSv1.2']) expect(EXCHANGE_ONLINE.tls12Suites).toContain(c);
  });

  it('exchange-server: swaks without TLS gets 451 5.7.3 Must issue a STARTTLS command first', async () => {
    const s = lab.get('exchange-server');
    const out = await new Promise<string>((resolve) => {
      execFile(
        'swaks',
        [
          '--server',
          s.host,
          '--port',
          String(s.port),
          '--to',
          'rcpt@example.test',
          '--from',
          'lab@example.test',
          '--ehlo',
          'swaks.lab.test',
          '--quit-after',
          'RCPT',
          '--timeout',
          '10',
        ],
        { timeout: 30_000 },
        (_e, stdout, stderr) => resolve(stdout + stderr),
      );
    });
    expect(out).toContain(EXCHANGE_ONLINE.replies.mustIssueStarttls);
  });
});

describe('mailtls lab (CLI)', () => {
  it('--list names every scenario', async () => {
    const r = await cli(['lab', '--list']);
    expect(r.code).toBe(0);
    for (const n of Object.keys(EXPECTED)) expect(r.stdout).toContain(n);
  });

  it('--scenario --json prints one document with expected, observed, strings and pass', async () => {
    const r = await cli(['lab', '--scenario', 'legacy-tls,eo-sender-no-starttls', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as LabResult;
    expect(doc.pass).toBe(true);
    expect(doc.scenarios.map((s) => s.name)).toEqual(['legacy-tls', 'eo-sender-no-starttls']);
    const s = doc.scenarios[1] as LabScenarioResult;
    expect(s.expected.findings).toEqual(['listen.no-starttls']);
    expect(s.observed.findings.map((f) => f.id)).toContain('listen.no-starttls');
    expect(s.strings.some((x) => x.observed && x.text === EXCHANGE_ONLINE.replies.starttlsRequired)).toBe(true);
  });

  it('--lang nl prints the run in Dutch, with the log strings verbatim', async () => {
    const r = await cli(['lab', '--scenario', 'eo-sender-tls10', '--lang', 'nl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('GEREPRODUCEERD');
    expect(r.stdout).toContain('Oplossing');
    expect(r.stdout).toContain('protocollogboek verzendconnector: TLS negotiation failed with error SocketError');
    expect(r.stdout).toContain('TLS 1.2\\Client]');
    expect(r.stdout).not.toMatch(/\b(?:Fix|Verdict|REPRODUCED)\b/);
  });

  it('an unknown --scenario is a usage error (exit 2)', async () => {
    const r = await cli(['lab', '--scenario', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--scenario wants one of .*, got "nope"/);
  });

  it('lab serve --json prints the servers and stops after --duration', async () => {
    const r = await cli(['lab', 'serve', '--scenario', 'no-starttls', '--duration', '1s', '--json']);
    expect(r.code).toBe(0);
    const first = JSON.parse(r.stdout.split('\n')[0] as string) as { servers: { name: string; address: string }[]; caPem: string };
    expect(first.servers.map((s) => s.name)).toEqual(['no-starttls']);
    expect(first.servers[0]?.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(first.caPem).toContain('BEGIN CERTIFICATE');
  });
});
