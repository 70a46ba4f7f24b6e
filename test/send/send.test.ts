// send() against the harness's Postfix receivers (TLS 1.2, TLS 1.0/1.1-only, no STARTTLS), our own listener, and a
// hostile raw server that injects replies after its 220 to STARTTLS.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { once } from 'node:events';
import '../harness/provided.d.ts';
import { send } from '../../src/send/index.js';
import { listen, type Listener } from '../../src/listen/index.js';
import { generateCertificate } from '../../src/tls/certs.js';
import { EXCHANGE_ONLINE } from '../../src/policy/exchange-online.js';

const fleet = inject('postfix');
const base = { from: 'sender@send.test', to: 'rcpt@example.test', ehlo: 'send.test', allowPrivate: true };

describe.skipIf(!fleet.available)('send against Postfix receivers', () => {
  const rx = fleet.receivers;

  it('passes against a TLS 1.2-only server: TLS 1.2 with an Exchange Online suite, message accepted', async () => {
    const r = await send({ host: rx['tls12-only']!.host, port: rx['tls12-only']!.port, ...base });
    expect(r).toMatchObject({ verdict: 'pass', delivered: true, failedAt: null, starttls: 'offered' });
    expect(r.tls?.version).toBe('TLSv1.2');
    expect(EXCHANGE_ONLINE.tls12Suites).toContain(r.tls?.cipher);
    expect(r.findings.map((f) => f.id)).toEqual(['send.tls-ok', 'send.delivered']);
    // Transcript: server text as on the wire; TLS part marked; EHLO sent again inside TLS.
    const inside = r.transcript.filter((l) => l.tls && l.dir === 'C').map((l) => l.text);
    expect(inside[0]).toBe('EHLO send.test');
    expect(inside).toContain('QUIT');
    expect(r.transcript.find((l) => l.dir === 'S' && l.tls && l.text.startsWith('250-'))?.text).not.toMatch(/STARTTLS/);
  });

  it('fails at TLS with send.tls-version-refused against a TLS 1.0/1.1-only server, and never continues in plaintext', async () => {
    const r = await send({ host: rx['tls10-11-only']!.host, port: rx['tls10-11-only']!.port, ...base });
    expect(r).toMatchObject({ verdict: 'fail', delivered: false, failedAt: 'tls', starttls: 'failed', tls: null });
    expect(r.findings.map((f) => f.id)).toEqual(['send.tls-version-refused']);
    expect(r.reason).toMatch(/protocol version|unsupported protocol/i);
    expect(r.transcript.some((l) => l.dir === 'C' && /^MAIL/.test(l.text))).toBe(false);
  });

  it("--policy opportunistic to a TLS 1.0/1.1-only server: delivered, but the verdict is Exchange Online's (fail), as listen judges it", async () => {
    const r = await send({ host: rx['tls10-11-only']!.host, port: rx['tls10-11-only']!.port, ...base, policy: 'opportunistic' });
    expect(r.tls?.version).toMatch(/^TLSv1\.[01]$/);
    expect(r.findings.map((f) => f.id)).toContain('send.tls-not-exchange-online');
    expect(r.verdict).toBe('fail');
  });

  it('fails at STARTTLS with starttls.not-offered against a server without STARTTLS', async () => {
    const r = await send({ host: rx['no-starttls']!.host, port: rx['no-starttls']!.port, ...base });
    expect(r).toMatchObject({ verdict: 'fail', failedAt: 'starttls', starttls: 'not-offered', delivered: false });
    expect(r.findings.map((f) => f.id)).toEqual(['starttls.not-offered']);
    expect(r.transcript.some((l) => l.dir === 'C' && /^MAIL/.test(l.text))).toBe(false);
  });

  it('the opportunistic policy delivers in plaintext there, with a warning', async () => {
    const r = await send({ host: rx['no-starttls']!.host, port: rx['no-starttls']!.port, ...base, policy: 'opportunistic' });
    expect(r).toMatchObject({ verdict: 'pass', delivered: true, tls: null });
    expect(r.findings.map((f) => f.id)).toEqual(['send.plaintext', 'send.delivered']);
  });
});

describe('send against mailtls listen and a hostile server', () => {
  let l: Listener;
  beforeAll(async () => {
    l = await listen({ port: 0, hostname: 'mx.send.test', accept: true });
  });
  afterAll(() => l.close());

  it('round trip with the exchange-online listener: both sides agree on version and suite', async () => {
    const it = l.sessions();
    const r = await send({ host: '127.0.0.1', port: l.address.port, ...base });
    const s = (await it.next()).value!;
    await it.return!();
    expect(r.verdict).toBe('pass');
    expect(s).toMatchObject({ outcome: 'delivered', verdict: 'pass', ehlo: 'send.test' });
    expect(s.negotiated).toEqual(r.tls);
    // What send offers is exactly Exchange Online's list.
    expect(s.clientHello?.versions).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(new Set(s.clientHello?.ciphers.filter((c: string) => c !== '0x00ff'))).toEqual(
      new Set([...EXCHANGE_ONLINE.tls13Suites, ...EXCHANGE_ONLINE.tls12Suites]),
    );
  });

  it('reports a refused recipient and the exact reply', async () => {
    const r = await send({ host: '127.0.0.1', port: l.address.port, ...base, to: 'bad address' }).catch((e: Error) => e);
    expect(r).toBeInstanceOf(Error);
    expect((r as Error).message).toMatch(/invalid recipient/);
  });

  it('discards replies a hostile server injects after its 220 to STARTTLS (full and partial lines)', async () => {
    const cert = await generateCertificate({ commonName: 'evil.test' });
    const seen: string[] = [];
    const srv: Server = createServer((sock: Socket) => {
      sock.write('220 evil.test ESMTP\r\n');
      let buf = '';
      const onData = (d: Buffer): void => {
        buf += d.toString('latin1');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          seen.push(line);
          if (/^EHLO/i.test(line)) sock.write('250-evil.test\r\n250 STARTTLS\r\n');
          else if (line === 'STARTTLS') {
            sock.off('data', onData);
            sock.write('220 go ahead\r\n250-evil.test\r\n250 AUTH PLAIN\r\n250-XINJECTED');
            const t = new TLSSocket(sock, { isServer: true, cert: cert.certPem, key: cert.keyPem });
            let tb = '';
            t.on('data', (x: Buffer) => {
              tb += x.toString('latin1');
              let n: number;
              while ((n = tb.indexOf('\n')) >= 0) {
                const cmd = tb.slice(0, n).trim();
                tb = tb.slice(n + 1);
                seen.push(`tls:${cmd}`);
                t.write(
                  /^EHLO/i.test(cmd)
                    ? '250-evil.test\r\n250 8BITMIME\r\n'
                    : /^QUIT/i.test(cmd)
                      ? '221 bye\r\n'
                      : /^DATA/i.test(cmd)
                        ? '354 go\r\n'
                        : '250 ok\r\n',
                );
                if (/^QUIT/i.test(cmd)) t.end();
              }
            });
            t.on('error', () => t.destroy());
          }
        }
      };
      sock.on('data', onData);
      sock.on('error', () => sock.destroy());
    });
    srv.listen(0, '127.0.0.1');
    await once(srv, 'listening');
    try {
      const port = (srv.address() as { port: number }).port;
      const r = await send({ host: '127.0.0.1', port, ...base, timeouts: { commandMs: 5000 } });
      expect(r.bytesDiscardedAfterStarttls).toBeGreaterThan(20);
      expect(r.findings.map((f) => f.id)).toContain('smtp.response-injection');
      // The first EHLO reply inside TLS is the server's real one, not the injected AUTH PLAIN / XINJECTED lines.
      const firstTls = r.transcript.find((l) => l.tls && l.dir === 'S');
      expect(firstTls?.text).toBe('250-evil.test\n250 8BITMIME');
      expect(seen.filter((x) => x.startsWith('tls:'))[0]).toBe('tls:EHLO send.test');
    } finally {
      srv.close();
    }
  });

  it('reports an unreachable host as inconclusive (exit 2 in the CLI)', async () => {
    const refused = await send({ host: '127.0.0.1', port: 1, ...base, allowPrivate: false }).catch((e: Error) => e);
    // like probe: a loopback (or private, link-local) address only with --allow-private, refused before any connection
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/loopback address: add --allow-private/);
    const r = await send({ host: '127.0.0.1', port: 1, ...base });
    expect(r).toMatchObject({ verdict: 'inconclusive', failedAt: 'connect' });
    expect(r.findings.map((f) => f.id)).toEqual(['smtp.connect-failed']);
  });
});
