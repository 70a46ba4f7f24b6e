// probe against servers that give no TLS answer, or a TLS answer Exchange Online cannot use (node-based hostile servers
// on loopback): a version is "refused" only when a refusal was seen, a fail verdict always names its reason as an error,
// the proof's first command inside TLS (QUIT) must be answered, and the human output says what was not tested, in en and nl.
import type { Socket } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probeHost } from '../../src/probe/probe.js';
import type { HostResult, ProbeOptions, ProbeResult } from '../../src/probe/types.js';
import { generateCertificate } from '../../src/tls/certs.js';
import { render } from '../../src/cli/commands/probe.js';
import { hostileServer, type HostileScript, type HostileServer } from '../hostile/servers.js';

const OPTS: ProbeOptions = { timeoutMs: 1500, hostDeadlineMs: 20_000, ehlo: 'probe.noanswer.test' };
const ids = (h: HostResult): string[] => h.findings.map((f) => f.id);
const errors = (h: HostResult): string[] => h.findings.filter((f) => f.severity === 'error').map((f) => f.id);
const plain = { red: String, green: String, yellow: String, dim: String, bold: String, cyan: String } as never;

let open: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

let TLS: { cert: string; key: string };
beforeAll(async () => {
  const c = await generateCertificate({ commonName: 'mx1.example.test', key: 'rsa2048' });
  TLS = { cert: c.certPem, key: c.keyPem };
});

async function probeIt(script: HostileScript, opts: ProbeOptions = OPTS): Promise<HostResult> {
  const s = await hostileServer(script);
  open.push(s);
  return probeHost({ name: 'mx1.example.test', ip: '127.0.0.1', port: s.port, mxPreference: null }, opts);
}

function asResult(h: HostResult): ProbeResult {
  return { target: 'mx1.example.test', resolution: 'host', hosts: [h], findings: [], verdict: h.verdict };
}

describe('no TLS answer is not a refusal', () => {
  it('a server that closes right after its 220 to STARTTLS: versions unknown, fail on tls.handshake-failed alone', async () => {
    const r = await probeIt({ afterStarttls: 'close' });
    for (const v of ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const) expect(r.tls.versions[v], v).toBeNull();
    expect(errors(r)).toEqual(['tls.handshake-failed']);
    expect(ids(r)).not.toContain('tls.tls12-not-offered');
    expect(ids(r)).not.toContain('tls.version-unknown');
    expect(r.verdict).toBe('fail');
    const text = render(asResult(r), 'en', plain);
    expect(text).toMatch(/TLS 1\.2 \?/);
    expect(text).not.toMatch(/TLS 1\.2 no/);
  });

  it('a reset (RST) instead of a ServerHello: the same, the reason says reset', async () => {
    const r = await probeIt({ afterStarttls: (raw: Socket) => raw.once('data', () => raw.resetAndDestroy()) });
    expect(r.tls.versions['TLSv1.2']).toBeNull();
    expect(r.tls.versions['TLSv1.3']).toBeNull();
    expect(errors(r)).toEqual(['tls.handshake-failed']);
    expect(r.findings[0]?.message).toMatch(/reset/);
    expect(r.verdict).toBe('fail');
  });

  it('silence mid-handshake (half a ServerHello, then nothing): unknown and inconclusive, never refused', async () => {
    const r = await probeIt(
      { afterStarttls: (raw: Socket) => raw.once('data', () => raw.write(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x40, 0x02]))) },
      { ...OPTS, timeoutMs: 500, hostDeadlineMs: 8000 },
    );
    for (const v of ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const) expect(r.tls.versions[v], v).not.toBe(false);
    expect(ids(r)).not.toContain('tls.tls12-not-offered');
    expect(r.verdict).toBe('inconclusive');
  });

  it("a server that answers TLS but resets one version's hello (as Schannel does): that version reads as refused", async () => {
    const r = await probeIt({
      afterStarttls: (raw: Socket) =>
        raw.once('data', (hello: Buffer) => {
          // record version 0x0301/0x0303, client_version at offset 9: a TLS 1.0 hello is reset, every other one gets
          // a handshake_failure alert
          if (hello[9] === 3 && hello[10] === 1) raw.resetAndDestroy();
          else raw.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]));
        }),
    });
    expect(r.tls.versions['TLSv1.0']).toBe(false);
    expect(r.tls.versions['TLSv1.2']).toBe(false);
    expect(r.verdict).toBe('fail');
    expect(errors(r).length).toBeGreaterThan(0);
  });
});

describe('a fail says why', () => {
  it('TLS 1.3 only with only TLS_CHACHA20_POLY1305_SHA256: error tls.tls13-no-common-suite, fail', async () => {
    const r = await probeIt({
      afterStarttls: 'tls',
      tls: TLS,
      tlsOptions: { minVersion: 'TLSv1.3', ciphers: 'TLS_CHACHA20_POLY1305_SHA256:ECDHE-RSA-AES128-GCM-SHA256' },
      // the handshake that reads its chain (no proof: the verdict is fail already) needs no answer inside TLS
      secure: { QUIT: (sock) => sock.destroy() },
    });
    expect(r.tls.certificate?.subject).toBe('CN=mx1.example.test');
    expect(r.tls.versions['TLSv1.3']).toBe(true);
    expect(r.tls.versions['TLSv1.2']).toBe(false);
    expect(r.tls.negotiated).toEqual({ version: 'TLSv1.3', cipher: 'TLS_CHACHA20_POLY1305_SHA256' });
    expect(errors(r)).toEqual(['tls.tls13-no-common-suite']);
    expect(r.findings.find((f) => f.id === 'tls.tls13-no-common-suite')?.message).toMatch(/TLS_AES_256_GCM_SHA384.*TLS_CHACHA20_POLY1305_SHA256/);
    expect(r.verdict).toBe('fail');
  });
});

describe('the proof: the first command inside TLS (QUIT) must be answered', () => {
  it('TLS 1.3 server that refuses the client after its Finished (certificate_required): tls.session-failed, fail', async () => {
    const r = await probeIt({ afterStarttls: 'tls', tls: TLS, tlsSocket: { requestCert: true, rejectUnauthorized: true } });
    expect(r.tls.versions['TLSv1.3']).toBe(true);
    expect(errors(r)).toContain('tls.session-failed');
    expect(r.findings.find((f) => f.id === 'tls.session-failed')?.message).toMatch(/certificate_required|alert/i);
    expect(r.verdict).toBe('fail');
  });

  it('a server that closes instead of answering the first command inside TLS: tls.session-failed, fail', async () => {
    const r = await probeIt({ afterStarttls: 'tls', tls: TLS, secure: { QUIT: (sock) => sock.destroy() } });
    expect(errors(r)).toEqual(['tls.session-failed']);
    expect(r.findings.find((f) => f.id === 'tls.session-failed')?.message).toMatch(/first command/);
    expect(r.verdict).toBe('fail');
  });

  it('421 to the first command inside TLS: throttled and inconclusive, not a failed session', async () => {
    const r = await probeIt({ afterStarttls: 'tls', tls: TLS, secure: { QUIT: '421 4.7.0 too many sessions\r\n' } });
    expect(ids(r)).toContain('smtp.throttled');
    expect(ids(r)).not.toContain('tls.session-failed');
    expect(r.throttled).toBe(true);
    expect(r.verdict).toBe('inconclusive');
  });

  it('a server that answers inside TLS passes (the control)', async () => {
    const r = await probeIt({ afterStarttls: 'tls', tls: TLS });
    expect(errors(r)).toEqual([]);
    expect(r.tls.session?.version).toBe('TLSv1.3');
    expect(r.verdict).toBe('pass');
  });
});

describe('what was not tested, in words, en and nl', () => {
  it('a 421 greeting: STARTTLS not tested (never sent), 1 connection', async () => {
    const r = await probeIt({ greeting: '421 4.7.0 busy, try later\r\n' });
    expect(r.smtp.starttls).toBe('not-tested');
    const en = render(asResult(r), 'en', plain);
    expect(en).toMatch(/STARTTLS\s+not tested/);
    expect(en).toMatch(/\b1 connection,/);
    const nl = render(asResult(r), 'nl', plain);
    expect(nl).toMatch(/STARTTLS\s+niet getest/);
    expect(nl).toMatch(/\b1 verbinding,/);
  });

  it('STARTTLS refused with 454 is "failed"', async () => {
    const r = await probeIt({ starttls: '454 4.7.0 TLS not available\r\n' });
    expect(r.smtp.starttls).toBe('failed');
    expect(errors(r)).toEqual(['starttls.refused']);
    expect(r.verdict).toBe('fail');
  });

  it('--lang nl: a closed handshake and a 421 greeting read in Dutch (reason, phase, counts)', async () => {
    const closed = await probeIt({ afterStarttls: 'close' }, { ...OPTS, lang: 'nl' });
    const a = render(asResult(closed), 'nl', plain);
    expect(a).toMatch(/verbinding gesloten zonder antwoord/);
    expect(a).not.toMatch(/connection closed|without an answer|\bno\b|\byes\b/);
    const busy = await probeIt({ greeting: '421 4.7.0 busy\r\n' }, { ...OPTS, lang: 'nl' });
    const b = render(asResult(busy), 'nl', plain);
    expect(b).toMatch(/tijdens de begroeting/);
    expect(b).not.toMatch(/greeting|not tested|connection/);
    expect(busy.findings[0]?.params?.phase).toBe('greeting'); // --json keeps the step's id
  });

  it('--lang nl: the Versions row and the reasons in Dutch', async () => {
    const r = await probeIt({ afterStarttls: 'tls', tls: TLS, tlsOptions: { minVersion: 'TLSv1.2' } }, { ...OPTS, lang: 'nl' });
    const nl = render(asResult(r), 'nl', plain);
    expect(nl).toMatch(/TLS 1\.2 ja {2}TLS 1\.3 ja$/m);
    expect(nl).toMatch(/TLS 1\.0 nee/);
    expect(nl).not.toMatch(/\b(yes|no)\b/);
    expect(nl).toMatch(/\d+ verbindingen,/);
  });
});
