// The receiver against raw sockets and Node's TLS client: policy replies, ClientHello capture/refusal, STARTTLS purge, limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { EXCHANGE_ONLINE, EXCHANGE_SERVER_REQUIRE_TLS } from '../../src/policy/exchange-online.js';
import { buildClientHello, parseServerResponse } from '../../src/tls/hello.js';
import { suiteByName, TLS13_CODES } from '../../src/tls/suites.js';
import { parseVersionRange } from '../../src/listen/index.js';
import { rawConnect, startListener, type RawClient, type TestListener } from './helpers.js';

const code = (n: string) => suiteByName(n)!.code;
const EO12 = EXCHANGE_ONLINE.tls12Suites.map(code);

/** EHLO, STARTTLS, then the raw bytes of a ClientHello; returns the server's answer (alert bytes) and the record. */
async function sendHello(t: TestListener, hello: Buffer | Buffer[]): Promise<{ answer: Buffer; c: RawClient }> {
  const c = await rawConnect(t.port);
  await c.reply();
  await c.cmd('EHLO hello.test');
  expect(await c.cmd('STARTTLS')).toBe('220 2.0.0 SMTP server ready');
  const sock = c.sock;
  sock.removeAllListeners('data');
  const chunks: Buffer[] = [];
  sock.on('data', (d: Buffer) => chunks.push(d));
  for (const part of Array.isArray(hello) ? hello : [hello]) {
    sock.write(part);
    await new Promise((r) => setImmediate(r));
  }
  await once(sock, 'close');
  return { answer: Buffer.concat(chunks), c };
}

describe('listen: exchange-online policy', () => {
  let t: TestListener;
  beforeAll(async () => {
    t = await startListener({ policy: 'exchange-online', limits: { handshakeTimeoutMs: 1500 } });
  });
  afterAll(() => t.close());

  it("greets, advertises STARTTLS, answers MAIL before STARTTLS with Exchange Online's exact 451 5.7.3", async () => {
    const c = await rawConnect(t.port);
    expect(await c.reply()).toBe(EXCHANGE_ONLINE.replies.greeting('mx.listen.test'));
    const ehlo = await c.cmd('EHLO plain.test');
    expect(ehlo).toMatch(/^250-mx\.listen\.test Hello \[127\.0\.0\.1\]/);
    expect(ehlo).toContain('250-STARTTLS');
    expect(await c.cmd('MAIL FROM:<a@plain.test>')).toBe(EXCHANGE_ONLINE.replies.starttlsRequired);
    expect(await c.cmd('RCPT TO:<b@x.test>')).toBe(EXCHANGE_ONLINE.replies.starttlsRequired);
    expect(await c.cmd('QUIT')).toMatch(/^221 /);
    const r = await t.next();
    expect(r.outcome).toBe('starttls-required');
    expect(r.reply).toBe('451 5.7.3 STARTTLS is required to send mail');
    expect(r.verdict).toBe('fail');
    expect(r.clientHello).toBeNull();
    expect(r.findings.map((f) => f.id)).toContain('listen.no-starttls');
  });

  it('refuses a TLS 1.0 and a TLS 1.1 ClientHello with a fatal protocol_version alert and records what was offered', async () => {
    for (const version of ['TLSv1.0', 'TLSv1.1'] as const) {
      const { answer } = await sendHello(t, buildClientHello({ version, suites: EO12, sni: 'mx.listen.test' }));
      const a = parseServerResponse(answer);
      expect(a).toMatchObject({ kind: 'alert', level: 2, name: 'protocol_version' });
      const r = await t.next();
      expect(r.outcome).toBe('tls-refused');
      expect(r.clientHello).toMatchObject({ maxVersion: version, sni: 'mx.listen.test', legacyVersion: version });
      expect(r.clientHello!.ciphers).toContain('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
      expect(r.negotiated).toBeNull();
      expect(r.reply).toBe('TLS alert protocol_version (70)');
      expect(r.findings.map((f) => f.id)).toContain('listen.tls-version-refused');
    }
  });

  it('refuses a TLS 1.2 hello without any Exchange Online suite with handshake_failure', async () => {
    const ecdsaOnly = ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'].map(code);
    const { answer } = await sendHello(t, buildClientHello({ version: 'TLSv1.2', suites: ecdsaOnly }));
    expect(parseServerResponse(answer)).toMatchObject({ kind: 'alert', name: 'handshake_failure' });
    const r = await t.next();
    expect(r.clientHello?.maxVersion).toBe('TLSv1.2');
    expect(r.findings.map((f) => f.id)).toEqual(['listen.tls-suites-refused']);
  });

  it('reassembles a hello split byte by byte and one spread over two records, and records TLS 1.3 supported_versions', async () => {
    const h = buildClientHello({ version: 'TLSv1.1', suites: EO12 });
    const bytes: Buffer[] = [...h].map((b) => Buffer.from([b]));
    await sendHello(t, bytes.slice(0, 40).concat([h.subarray(40)]));
    expect((await t.next()).clientHello?.maxVersion).toBe('TLSv1.1');
    // Same handshake message, fragmented into two TLS records.
    const body = h.subarray(5);
    const rec = (b: Buffer) => Buffer.concat([Buffer.from([22, 3, 1, b.length >> 8, b.length & 0xff]), b]);
    await sendHello(t, Buffer.concat([rec(body.subarray(0, 30)), rec(body.subarray(30))]));
    expect((await t.next()).clientHello?.maxVersion).toBe('TLSv1.1');
    // A TLS 1.3 hello built by the codec: the listener passes it to OpenSSL, which fails later on the fake key share,
    // but the hello as offered is on record.
    await sendHello(t, buildClientHello({ version: 'TLSv1.3', suites: TLS13_CODES.slice(0, 2) }));
    const r = await t.next();
    expect(r.clientHello).toMatchObject({ maxVersion: 'TLSv1.3', supportedVersions: ['TLSv1.3'], legacyVersion: 'TLSv1.2' });
  });

  it('records an SSLv2-compatible hello and refuses it', async () => {
    // SSLv2 CLIENT-HELLO offering TLS 1.0 with two suites (RFC 5246 Appendix E.2).
    const specs = Buffer.from([0x00, 0xc0, 0x14, 0x00, 0x00, 0x2f]);
    const challenge = Buffer.alloc(16, 7);
    const msg = Buffer.concat([Buffer.from([1, 3, 1, 0, specs.length, 0, 0, 0, challenge.length]), specs, challenge]);
    const { answer } = await sendHello(t, Buffer.concat([Buffer.from([0x80 | (msg.length >> 8), msg.length & 0xff]), msg]));
    expect(parseServerResponse(answer)).toMatchObject({ kind: 'alert', name: 'protocol_version' });
    const r = await t.next();
    expect(r.clientHello).toMatchObject({ format: 'sslv2', maxVersion: 'TLSv1.0' });
  });

  it('calls plaintext after STARTTLS malformed instead of running it', async () => {
    await sendHello(t, Buffer.from('RSET\r\n'));
    const r = await t.next();
    expect(r.outcome).toBe('tls-malformed');
    expect(r.commands.map((c) => c.line)).toEqual(['EHLO hello.test', 'STARTTLS']);
  });

  it('negotiates TLS 1.2 with a Node client, requires a new EHLO, and hides STARTTLS inside TLS', async () => {
    const c = await rawConnect(t.port);
    await c.reply();
    await c.cmd('EHLO before.test');
    await c.cmd('STARTTLS');
    const tls = await c.starttls({ maxVersion: 'TLSv1.2' });
    expect(tls.getProtocol()).toBe('TLSv1.2');
    // RFC 3207 §4.2: the EHLO before TLS is forgotten.
    expect(await c.cmd('MAIL FROM:<a@b.test>')).toBe('503 5.5.2 Send hello first');
    const ehlo = await c.cmd('EHLO inside.test');
    expect(ehlo).not.toContain('STARTTLS');
    expect(await c.cmd('STARTTLS')).toMatch(/^503 /);
    expect(await c.cmd('MAIL FROM:<a@b.test>')).toBe('250 2.1.0 Sender OK');
    expect(await c.cmd('RCPT TO:<c@d.test>')).toBe('250 2.1.5 Recipient OK');
    // Not asked to accept: the message is refused temporarily, never relayed.
    expect(await c.cmd('DATA')).toMatch(/^451 4\.3\.2 /);
    await c.cmd('QUIT');
    const r = await t.next();
    expect(r).toMatchObject({
      outcome: 'tls-ok',
      verdict: 'pass',
      ehlo: 'inside.test',
      negotiated: { version: 'TLSv1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' },
    });
    expect(r.clientHello?.maxVersion).toBe('TLSv1.2');
  });

  it('STARTTLS\\r\\nRSET\\r\\n in one segment gets no reply inside TLS (CVE-2011-0411)', async () => {
    const c = await rawConnect(t.port);
    await c.reply();
    await c.cmd('EHLO x.test');
    c.write('STARTTLS\r\nRSET\r\n');
    expect(await c.reply()).toBe('220 2.0.0 SMTP server ready');
    await c.starttls();
    // The first reply inside TLS must answer our NOOP, not the injected RSET ("250 2.0.0 Resetting").
    expect(await c.cmd('NOOP')).toBe('250 2.0.0 OK');
    expect(c.pending()).toBe('');
    await c.cmd('QUIT');
    const r = await t.next();
    expect(r.commands.map((x) => x.line)).toEqual(['EHLO x.test', 'STARTTLS', 'NOOP', 'QUIT']);
    expect(r.bytesAfterStarttls).toBe(6);
    expect(r.findings.map((f) => f.id)).toContain('listen.starttls-pipelined');
  });

  it('a partial line before STARTTLS does not prefix the first command inside TLS', async () => {
    const c = await rawConnect(t.port);
    await c.reply();
    await c.cmd('EHLO x.test');
    c.write('STARTTLS\r\nMAIL FROM:<attacker@evil.test> ');
    expect(await c.reply()).toBe('220 2.0.0 SMTP server ready');
    await c.starttls();
    expect(await c.cmd('EHLO ok.test')).toMatch(/^250-mx\.listen\.test Hello/);
    await c.cmd('QUIT');
    const r = await t.next();
    expect(r.ehlo).toBe('ok.test');
    expect(r.commands.filter((x) => x.tls).map((x) => x.line)).toEqual(['EHLO ok.test', 'QUIT']);
  });

  it('rejects STARTTLS with arguments (501), over-long lines (500), floods (421) and HTTP (421)', async () => {
    const c = await rawConnect(t.port);
    await c.reply();
    expect(await c.cmd('STARTTLS now')).toMatch(/^501 /);
    expect(await c.cmd(`NOOP ${'x'.repeat(520)}`)).toBe('500 5.5.2 Line too long');
    expect(await c.cmd('NOOP')).toBe('250 2.0.0 OK');
    c.write('A'.repeat(100_000));
    expect(await c.reply()).toMatch(/^421 /);
    await c.waitClosed();
    expect((await t.next()).outcome).toBe('limit');
    const h = await rawConnect(t.port);
    await h.reply();
    expect(await h.cmd('GET / HTTP/1.1')).toMatch(/^421 /);
    await h.waitClosed();
    await t.next();
  });

  it('closes after 20 errors (Postfix smtpd_hard_error_limit)', async () => {
    const c = await rawConnect(t.port);
    await c.reply();
    const replies: (string | null)[] = [];
    for (let i = 0; i < 20; i++) replies.push(await c.cmd(`BOGUS${i}`));
    expect(replies.every((r) => r === '500 5.3.3 Unrecognized command')).toBe(true);
    expect(await c.reply()).toMatch(/^421 4\.7\.0 Too many errors/);
    await c.waitClosed();
    expect((await t.next()).outcome).toBe('limit');
  });

  it('cuts a client that sends STARTTLS and then no ClientHello at the handshake deadline', async () => {
    const c = await rawConnect(t.port);
    await c.reply();
    await c.cmd('STARTTLS');
    await c.waitClosed();
    const r = await t.next();
    expect(r.outcome).toBe('timeout');
    expect(r.findings.map((f) => f.id)).toContain('listen.tls-timeout');
  });
});

describe('listen: exchange-server and opportunistic policies', () => {
  it("exchange-server answers with on-premises Exchange's 451 5.7.3 and serves the --tls range", async () => {
    const t = await startListener({ policy: 'exchange-server', tls: parseVersionRange('1.0-1.2') });
    try {
      const c = await rawConnect(t.port);
      expect(await c.reply()).toBe(EXCHANGE_SERVER_REQUIRE_TLS.greeting('mx.listen.test'));
      await c.cmd('HELO plain.test');
      expect(await c.cmd('MAIL FROM:<a@b.test>')).toBe(EXCHANGE_SERVER_REQUIRE_TLS.mustIssueStarttls);
      await c.cmd('QUIT');
      expect((await t.next()).reply).toBe('451 5.7.3 Must issue a STARTTLS command first');

      const d = await rawConnect(t.port);
      await d.reply();
      await d.cmd('EHLO old.test');
      await d.cmd('STARTTLS');
      const s = await d.starttls({ minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
      expect(s.getProtocol()).toBe('TLSv1');
      await d.cmd('QUIT');
      const r = await t.next();
      expect(r).toMatchObject({ outcome: 'tls-ok', verdict: 'pass', negotiated: { version: 'TLSv1.0' } });
    } finally {
      await t.close();
    }
  });

  it('opportunistic accepts TLS 1.0 and plaintext mail, keeps the message when asked, and still judges by Exchange Online', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-keep-'));
    const t = await startListener({ policy: 'opportunistic', keepDir: dir });
    try {
      const c = await rawConnect(t.port);
      await c.reply();
      await c.cmd('EHLO old.test');
      await c.cmd('STARTTLS');
      await c.starttls({ minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
      await c.cmd('EHLO old.test');
      await c.cmd('MAIL FROM:<a@b.test>');
      await c.cmd('RCPT TO:<c@d.test>');
      expect(await c.cmd('DATA')).toMatch(/^354 /);
      // A bare-LF "dot" line is not the end (SMTP smuggling); only CRLF.CRLF is. Dot-stuffing is undone.
      c.write('Subject: t\r\n\r\nline1\n.\nstill body\r\n..dot\r\n.\r\n');
      expect(await c.reply()).toMatch(/^250 2\.6\.0 /);
      await c.cmd('QUIT');
      const r = await t.next();
      expect(r).toMatchObject({ outcome: 'delivered', verdict: 'fail', messages: 1, negotiated: { version: 'TLSv1.0' } });
      expect(r.findings.map((f) => f.id)).toContain('listen.tls-version-refused');
      await new Promise((res) => setTimeout(res, 100)); // the file is written asynchronously
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(readFileSync(join(dir, files[0]!), 'latin1')).toBe('Subject: t\r\n\r\nline1\n.\nstill body\r\n.dot\r\n');

      const p = await rawConnect(t.port);
      await p.reply();
      await p.cmd('EHLO plain.test');
      await p.cmd('MAIL FROM:<a@b.test>');
      await p.cmd('RCPT TO:<c@d.test>');
      await p.cmd('DATA');
      expect(await p.cmd('hi\r\n.')).toMatch(/^250 /);
      await p.cmd('QUIT');
      const q = await t.next();
      expect(q).toMatchObject({ outcome: 'delivered', verdict: 'fail', negotiated: null });
      expect(q.findings.map((f) => f.id)).toContain('listen.no-starttls');
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('listen: budgets and lifecycle', () => {
  it('answers the 101st recipient with 452 4.5.3', async () => {
    const t = await startListener({ policy: 'opportunistic' });
    try {
      const c = await rawConnect(t.port);
      await c.reply();
      await c.cmd('EHLO many.test');
      await c.cmd('MAIL FROM:<a@b.test>');
      const replies: (string | null)[] = [];
      for (let i = 0; i <= 100; i++) replies.push(await c.cmd(`RCPT TO:<r${i}@d.test>`));
      expect(replies.filter((r) => r === '250 2.1.5 Recipient OK')).toHaveLength(100);
      expect(replies[100]).toBe('452 4.5.3 Too many recipients');
      await c.cmd('QUIT');
    } finally {
      await t.close();
    }
  });

  it('turns away a client over its concurrent-session cap with 421', async () => {
    const t = await startListener({ limits: { maxConnectionsPerClient: 1 } });
    try {
      const a = await rawConnect(t.port);
      expect(await a.reply()).toMatch(/^220 /);
      const b = await rawConnect(t.port);
      expect(await b.reply()).toMatch(/^421 4\.3\.2 /);
      expect((await t.next()).outcome).toBe('capacity');
      await a.cmd('QUIT');
      await t.next();
    } finally {
      await t.close();
    }
  });

  it('close() ends open sessions with 421, reports them, and ends the session iterator; --max-sessions stops by itself', async () => {
    const t = await startListener();
    const c = await rawConnect(t.port);
    await c.reply();
    await t.close();
    expect(await c.reply()).toMatch(/^421 /);
    expect((await t.next()).outcome).toBe('closed');
    await expect(t.next()).rejects.toThrow(/ended/);

    const once1 = await startListener({ maxSessions: 1 });
    const d = await rawConnect(once1.port);
    await d.reply();
    await d.cmd('QUIT');
    await once1.listener.done;
    expect(once1.listener.summary()).toHaveLength(1);
  });
});
