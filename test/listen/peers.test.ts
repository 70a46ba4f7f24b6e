// listen against real senders: Postfix pinned to TLS 1.0 / 1.1 / 1.2 / 1.2+ and plaintext, and swaks via the CLI's --json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import '../harness/provided.d.ts';
import { startSender, type PostfixSender } from '../harness/postfix.js';
import { swaks } from '../harness/tools.js';
import { EXCHANGE_ONLINE, EXCHANGE_SERVER_REQUIRE_TLS } from '../../src/policy/exchange-online.js';
import type { SessionRecord } from '../../src/listen/index.js';
import { startListener, type TestListener } from './helpers.js';
import { runCli } from './cli.js';

const fleet = inject('postfix');
const skip = !fleet.available;

describe.skipIf(skip)('listen (exchange-online) with Postfix as the sender', () => {
  let t: TestListener;
  const senders: PostfixSender[] = [];
  beforeAll(async () => {
    t = await startListener({ policy: 'exchange-online', accept: true });
  });
  afterAll(async () => {
    await Promise.all(senders.map((s) => s.stop()));
    await t.close();
  });

  const cases = [
    { name: 'tls10', protocols: '>=TLSv1, <=TLSv1', max: 'TLSv1.0', ok: false },
    { name: 'tls11', protocols: '>=TLSv1.1, <=TLSv1.1', max: 'TLSv1.1', ok: false },
    { name: 'tls12', protocols: '>=TLSv1.2, <=TLSv1.2', max: 'TLSv1.2', ok: true },
    { name: 'tls12plus', protocols: '>=TLSv1.2', max: 'TLSv1.3', ok: true },
  ] as const;

  for (const c of cases) {
    it(`smtp_tls_protocols ${c.protocols}: listener records max ${c.max} and ${c.ok ? 'accepts' : 'refuses'}; Postfix logs it`, async () => {
      const s = await startSender({ name: `lsn-${c.name}`, relayTo: { host: '127.0.0.1', port: t.port }, mandatoryProtocols: c.protocols });
      senders.push(s);
      const id = await s.inject({ subject: `listen ${c.name}` });
      const delivery = await s.waitForDelivery(id);
      // Sessions from different senders may interleave: find this sender's by its EHLO name and maxVersion.
      let r: SessionRecord;
      do r = await t.next();
      while (r.ehlo !== 'sender.harness.test' || r.clientHello?.maxVersion !== c.max);
      expect(r.clientHello!.maxVersion).toBe(c.max);
      if (c.ok) {
        expect(delivery.status).toBe('sent');
        expect(r).toMatchObject({ outcome: 'delivered', verdict: 'pass' });
        expect(r.negotiated?.version).toBe(c.max);
        expect(EXCHANGE_ONLINE.tls12Suites.concat(EXCHANGE_ONLINE.tls13Suites)).toContain(r.negotiated?.cipher);
        expect(delivery.tlsLine).toMatch(new RegExp(`TLS connection established to .*: ${c.max}`));
      } else {
        expect(delivery.status).toBe('deferred');
        expect(r).toMatchObject({ outcome: 'tls-refused', verdict: 'fail', reply: 'TLS alert protocol_version (70)', negotiated: null });
        expect(r.findings.map((f) => f.id)).toEqual(['listen.tls-version-refused']);
        // Postfix's own account of the failure: OpenSSL read our alert.
        expect(s.readLog()).toMatch(/alert protocol version/);
        expect(delivery.line).toMatch(/status=deferred \(.*TLS/);
      }
    });
  }

  it.each([
    ['exchange-online', EXCHANGE_ONLINE.replies.starttlsRequired],
    ['exchange-server', EXCHANGE_SERVER_REQUIRE_TLS.mustIssueStarttls],
  ] as const)('a plaintext Postfix sender gets exactly the %s 451 5.7.3 reply', async (policy, reply) => {
    const l = await startListener({ policy });
    const s = await startSender({ name: `lsn-plain-${policy}`, relayTo: { host: '127.0.0.1', port: l.port }, securityLevel: 'none' });
    try {
      const id = await s.inject();
      const d = await s.waitForDelivery(id);
      expect(d.status).toBe('deferred');
      expect(d.line).toContain(`said: ${reply} (in reply to MAIL FROM command)`);
      const r = await l.next();
      expect(r).toMatchObject({ outcome: 'starttls-required', reply, clientHello: null, verdict: 'fail' });
    } finally {
      await s.stop();
      await l.close();
    }
  });
});

describe('mailtls listen --json with swaks as the client', () => {
  it('prints one JSON line per session with the offered maximum; refuses TLS 1.0/1.1 and accepts 1.2', async () => {
    const cli = runCli(['listen', '--listen', '127.0.0.1:0', '--hostname', 'mx.cli.test', '--json', '--max-sessions', '4']);
    try {
      const port = Number((await cli.waitFor(/Listening on 127\.0\.0\.1:(\d+)/))[1]);
      const runs = [
        await swaks('127.0.0.1', port, { tlsProtocol: 'tlsv1' }),
        await swaks('127.0.0.1', port, { tlsProtocol: 'tlsv1_1' }),
        await swaks('127.0.0.1', port, { tlsProtocol: 'tlsv1_2' }),
      ];
      expect(runs.map((r) => r.tls)).toEqual([false, false, true]);
      expect(runs[0]!.tlsError).toMatch(/alert protocol version/);
      expect(runs[2]!.version).toBe('TLSv1.2');
      // And a plaintext swaks (no --tls): the exact Exchange Online reply.
      const { execFile } = await import('node:child_process');
      const plain = await new Promise<string>((res) =>
        execFile('swaks', ['--server', '127.0.0.1', '--port', String(port), '--from', 'a@b.test', '--to', 'c@d.test'], (_e, so, se) => res(so + se)),
      );
      expect(plain).toContain(`<** ${EXCHANGE_ONLINE.replies.starttlsRequired}`);
      const status = await cli.exit;
      const lines = cli
        .stdout()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as SessionRecord);
      expect(lines).toHaveLength(4);
      for (const l of lines) expect(Object.keys(l)).toEqual(expect.arrayContaining(['remote', 'clientHello', 'negotiated', 'outcome', 'reply', 'verdict']));
      expect(lines.map((l) => l.clientHello?.maxVersion ?? null)).toEqual(['TLSv1.0', 'TLSv1.1', 'TLSv1.2', null]);
      expect(lines.map((l) => l.outcome)).toEqual(['tls-refused', 'tls-refused', 'tls-ok', 'starttls-required']);
      expect(lines[2]!.negotiated).toEqual({ version: 'TLSv1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' });
      expect(lines[3]!.reply).toBe('451 5.7.3 STARTTLS is required to send mail');
      expect(status).toBe(1);
    } finally {
      cli.child.kill();
    }
  });
});
