// probe and send against hostile servers (cases 5.1.1–5.1.14 of docs/hostile.md): each case asserts the finding
// or failure, that the session ends within its configured deadline plus slack, a memory budget, and sanitised output.
import type { Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import '../harness/provided.d.ts';
import { probeHost } from '../../src/probe/probe.js';
import type { HostResult, ProbeOptions } from '../../src/probe/types.js';
import { send } from '../../src/send/index.js';
import type { SendResult } from '../../src/send/types.js';
import { buildAlert } from '../../src/tls/hello.js';
import { runCli } from '../listen/cli.js';
import { assertClean, hostileRow, saveRows, UNSAFE, type Sub } from './results.js';
import { drip, flood, hostileServer, rawOf, type HostileScript, type HostileServer } from './servers.js';

const certs = inject('certs');
const STEP_MS = 500;
const HOST_DEADLINE_MS = 3000;
const SEND_SESSION_MS = 2000;
/** Slack on top of a configured deadline: timer granularity and a loaded 2-core machine, not performance. */
const SLACK_MS = 1500;
const PROBE_BOUND = HOST_DEADLINE_MS + SLACK_MS;

const PROBE: ProbeOptions = { timeoutMs: STEP_MS, hostDeadlineMs: HOST_DEADLINE_MS, ehlo: 'probe.hostile.test', extraCa: [certs.ca.certPem] };
const SEND_TIMEOUTS = { connectMs: STEP_MS, greetingMs: STEP_MS, commandMs: STEP_MS, tlsMs: STEP_MS, sessionMs: SEND_SESSION_MS };
const TLS = { cert: certs.leaf.chainPem, key: certs.leaf.keyPem };

let open: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});
afterAll(() => saveRows('probe-send'));

async function server(script: HostileScript): Promise<HostileServer> {
  const s = await hostileServer(script);
  open.push(s);
  return s;
}

const ids = (r: { findings: { id: string }[] }): string[] => r.findings.map((f) => f.id);

/** probeHost against the script, checked for sanitised strings. */
async function probeIt(sub: Sub, name: string, script: HostileScript, opts: ProbeOptions = PROBE): Promise<{ r: HostResult; s: HostileServer }> {
  const s = await server(script);
  const r = await sub(`probe ${name}`, () => probeHost({ name: 'mx1.example.test', ip: '127.0.0.1', port: s.port, mxPreference: null }, opts));
  assertClean(r);
  return { r, s };
}

/** send() against the script, checked for sanitised strings (transcript entries are lines joined by "\n"). */
async function sendIt(sub: Sub, name: string, script: HostileScript): Promise<{ r: SendResult; s: HostileServer }> {
  const s = await server(script);
  const r = await sub(`send ${name}`, () =>
    send({
      host: '127.0.0.1',
      port: s.port,
      allowPrivate: true,
      from: 'a@send.hostile.test',
      to: 'b@example.test',
      ehlo: 'send.hostile.test',
      servername: 'mx1.example.test',
      timeouts: SEND_TIMEOUTS,
    }),
  );
  assertClean(r, ['text']);
  return { r, s };
}

/** Commands the server saw after STARTTLS in plaintext (a stripped client must send nothing but QUIT). */
const afterStarttls = (seen: string[]): string[] => seen.slice(seen.indexOf('STARTTLS') + 1).filter((l) => !l.startsWith('tls:'));

describe('§5.1 probe and send against hostile servers', () => {
  it('1. response injection, complete lines, after the 220 to STARTTLS: discarded, counted, never a capability', async () => {
    await hostileRow('5.1.1', 'Response injection after STARTTLS 220 (complete lines)', { deadlineMs: PROBE_BOUND }, async (sub) => {
      const injected = '250-evil\r\n250 AUTH PLAIN\r\n';
      const script: HostileScript = { starttls: `220 Ready\r\n${injected}`, afterStarttls: 'tls', tls: TLS };
      const { r } = await probeIt(sub, 'injection', script);
      expect(r.smtp.bytesAfterStarttls).toBe(injected.length);
      expect(r.findings.find((f) => f.id === 'smtp.response-injection')?.params?.bytes).toBe(injected.length);
      expect(r.tls.negotiated?.version).toBe('TLSv1.3');
      const { r: s, s: srv } = await sendIt(sub, 'injection', script);
      expect(s.bytesDiscardedAfterStarttls).toBe(injected.length);
      expect(s.delivered).toBe(true);
      expect(s.transcript.find((l) => l.tls && l.dir === 'S')?.text).toBe('250-secure.hostile.test\n250-SIZE 1000000\n250 8BITMIME');
      expect(s.transcript.some((l) => l.dir === 'S' && /evil|AUTH PLAIN/.test(l.text))).toBe(false);
      expect(srv.seen.filter((l) => l.startsWith('tls:'))[0]).toBe('tls:EHLO send.hostile.test');
    });
  });

  it('2. response injection, partial line: the fragment is not prepended to the first reply inside TLS', async () => {
    await hostileRow('5.1.2', 'Response injection, partial line (no CRLF)', { deadlineMs: PROBE_BOUND }, async (sub) => {
      const script: HostileScript = { starttls: '220 ok\r\n250-XSTARTTLS', afterStarttls: 'tls', tls: TLS };
      const { r } = await probeIt(sub, 'partial', script);
      expect(r.smtp.bytesAfterStarttls).toBe('250-XSTARTTLS'.length);
      const { r: s } = await sendIt(sub, 'partial', script);
      expect(s.bytesDiscardedAfterStarttls).toBe(13);
      expect(s.transcript.find((l) => l.tls && l.dir === 'S')?.text).toMatch(/^250-secure\.hostile\.test\n/);
      expect(s.delivered).toBe(true);
    });
  });

  it('3. STARTTLS stripping and odd reply codes: classified, and no plaintext after the failure', async () => {
    await hostileRow('5.1.3', 'STARTTLS stripping: not advertised, 502/454/354/221/421/500/501/530, 220 + junk', { deadlineMs: PROBE_BOUND }, async (sub) => {
      const strip = await probeIt(sub, 'not advertised', { ehlo: ['PIPELINING', 'AUTH PLAIN LOGIN'] });
      expect(ids(strip.r)).toEqual(['starttls.not-offered']);
      expect(strip.r.verdict).toBe('fail');
      const st = await sendIt(sub, 'not advertised', { ehlo: ['PIPELINING', 'AUTH PLAIN LOGIN'] });
      expect(st.r).toMatchObject({ failedAt: 'starttls', starttls: 'not-offered', verdict: 'fail', delivered: false });
      expect(st.s.seen.some((l) => /^(MAIL|RCPT|AUTH)/.test(l))).toBe(false);
      for (const code of [
        '502 5.5.1 Command not implemented',
        '454 4.7.0 TLS not available due to temporary reason',
        '354 do something else',
        '221 2.0.0 bye',
        '421 4.7.0 try later',
        '500 5.5.1 what',
        '501 5.5.4 syntax',
        '530 5.7.0 auth first',
      ]) {
        const p = await probeIt(sub, code, { starttls: `${code}\r\n` });
        expect(ids(p.r), code).toEqual([code.startsWith('421') ? 'smtp.throttled' : 'starttls.refused']);
        expect(p.r.verdict, code).toBe(code.startsWith('421') ? 'inconclusive' : 'fail');
        expect(p.r.smtp.starttls).toBe('failed');
        const q = await sendIt(sub, code, { starttls: `${code}\r\n` });
        expect(q.r, code).toMatchObject({ failedAt: 'starttls', starttls: 'refused', verdict: 'fail', delivered: false });
        expect(afterStarttls(q.s.seen), code).toEqual(code.startsWith('221') || code.startsWith('421') ? expect.any(Array) : ['QUIT']);
        expect(q.s.seen.some((l) => /^(MAIL|RCPT)/.test(l))).toBe(false);
      }
      // A 220 whose "TLS" is plain text: the handshake fails, nothing is sent in plaintext afterwards.
      const junk = await probeIt(sub, '220 junk', { starttls: '220 EHLO client!\r\n', afterStarttls: 'garbage' });
      expect(ids(junk.r)).toEqual(expect.arrayContaining(['tls.handshake-failed', 'tls.bad-server-hello']));
      expect(junk.r.verdict).not.toBe('pass');
      const sj = await sendIt(sub, '220 junk', { starttls: '220 EHLO client!\r\n', afterStarttls: 'garbage' });
      expect(sj.r).toMatchObject({ failedAt: 'tls', verdict: 'fail', delivered: false });
      expect(afterStarttls(sj.s.seen)).toEqual([]);
    });
  });

  it('4. STARTTLS masked by a middlebox (XXXXXXXA, STARTTLS → 500) is named', async () => {
    await hostileRow('5.1.4', 'Masked STARTTLS (Cisco ASA XXXXXXXA)', { deadlineMs: PROBE_BOUND }, async (sub) => {
      const script: HostileScript = { ehlo: ['XXXXXXXA', '8BITMIME'], plain: { STARTTLS: '500 #5.5.1 command not recognized\r\n' } };
      const { r } = await probeIt(sub, 'masked', script);
      expect(ids(r)).toEqual(['starttls.masked']);
      expect(r.verdict).toBe('fail');
      const { r: s } = await sendIt(sub, 'masked', script);
      expect(s).toMatchObject({ failedAt: 'starttls', starttls: 'not-offered', delivered: false });
    });
  });

  it('5. capability parsing: STARTTLS only as an exact keyword of an EHLO line after the domain line', async () => {
    await hostileRow(
      '5.1.5',
      'Capability parsing (last line, lower case, XSTARTTLSX, greeting text, before domain, AUTH=LOGIN)',
      { deadlineMs: PROBE_BOUND },
      async (sub) => {
        const cases: [string, HostileScript, 'offered' | 'not-offered'][] = [
          ['250 STARTTLS last', { plain: { EHLO: '250-hostile.test\r\n250 STARTTLS\r\n' } }, 'offered'],
          ['lower case', { plain: { EHLO: '250-hostile.test\r\n250-starttls\r\n250 8BITMIME\r\n' } }, 'offered'],
          ['XSTARTTLSX', { plain: { EHLO: '250-hostile.test\r\n250-XSTARTTLSX\r\n250 X-STARTTLS\r\n' } }, 'not-offered'],
          ['greeting text only', { greeting: '220 hostile.test ESMTP STARTTLS\r\n', ehlo: ['PIPELINING'] }, 'not-offered'],
          ['domain line text only', { plain: { EHLO: '250-hostile.test STARTTLS\r\n250 PIPELINING\r\n' } }, 'not-offered'],
          [
            'STARTTLS before the domain line (first line is the domain, RFC 5321)',
            { plain: { EHLO: '250-STARTTLS\r\n250-hostile.test\r\n250 PIPELINING\r\n' } },
            'not-offered',
          ],
          ['AUTH=LOGIN', { plain: { EHLO: '250-hostile.test\r\n250-AUTH=LOGIN\r\n250 STARTTLS\r\n' } }, 'offered'],
        ];
        for (const [name, script, want] of cases) {
          const { r } = await probeIt(sub, name, { afterStarttls: 'close', ...script });
          expect(r.smtp.starttls === 'not-offered' ? 'not-offered' : 'offered', name).toBe(want);
          if (want === 'offered') expect(ids(r), name).toContain('tls.handshake-failed');
          else expect(ids(r), name).toEqual(['starttls.not-offered']);
        }
      },
    );
  });

  it('6. greeting variants: slow multi-line, 554/421/250, none at all (tarpit)', async () => {
    await hostileRow('5.1.6', 'Greeting: delayed multi-line 220-, 554, 421, 250, none (tarpit)', { deadlineMs: PROBE_BOUND }, async (sub) => {
      for (const [g, id] of [
        ['554 5.7.1 no service', 'smtp.greeting-refused'],
        ['421 4.7.0 busy', 'smtp.throttled'],
        ['250 hello?', 'smtp.greeting-refused'],
      ] as const) {
        const { r } = await probeIt(sub, g, { greeting: `${g}\r\n` });
        expect(ids(r), g).toEqual([id]);
        expect(r.verdict).toBe('inconclusive');
        const { r: sr } = await sendIt(sub, g, { greeting: `${g}\r\n` });
        expect(sr, g).toMatchObject({ failedAt: 'greeting', delivered: false });
      }
      const tarpit = await probeIt(sub, 'tarpit', { greeting: null });
      expect(ids(tarpit.r)).toEqual(['smtp.timeout']);
      expect(tarpit.r.findings[0]!.message).toMatch(/greeting/);
      const st = await sendIt(sub, 'tarpit', { greeting: null });
      expect(st.r).toMatchObject({ failedAt: 'greeting', verdict: 'fail' });
      expect(ids(st.r)).toEqual(['smtp.timeout']);
    });
    await hostileRow('5.1.6', 'Greeting split over time (220- now, 220 after 250 ms)', { deadlineMs: PROBE_BOUND }, async (sub) => {
      const { r } = await probeIt(sub, 'split greeting', {
        greeting: null,
        afterStarttls: 'close',
        raw: (sock) => {
          sock.write('220-first\r\n');
          setTimeout(() => {
            if (sock.destroyed) return;
            sock.write('220 second\r\n');
            sock.on('data', (d: Buffer) => {
              const l = d.toString('latin1');
              if (l.startsWith('EHLO')) sock.write('250-hostile.test\r\n250 STARTTLS\r\n');
              else if (l.startsWith('STARTTLS')) sock.write('220 go\r\n', () => sock.destroy());
              else sock.end('221 bye\r\n');
            });
          }, 250);
        },
      });
      expect(r.smtp.banner).toBe('220 first / second');
      expect(r.smtp.starttls).toBe('offered');
    });
  });

  it('7. EHLO variants: 500 then HELO with odd codes, 421, about 60 AUTH mechanisms', async () => {
    await hostileRow('5.1.7', 'EHLO → 500 then HELO → 220/221/354/421/500/501/530; EHLO → 421; 60 AUTH lines', { deadlineMs: PROBE_BOUND }, async (sub) => {
      const helo250 = await probeIt(sub, 'HELO 250', { plain: { EHLO: '500 5.5.1 no ESMTP\r\n' } });
      // HELO-only server (not ESMTP): no STARTTLS, classified as such (EHLO refused, HELO accepted).
      expect(ids(helo250.r)).toEqual(['smtp.helo-only']);
      expect(helo250.r.smtp.starttls).toBe('not-offered');
      expect(helo250.r.verdict).toBe('fail');
      for (const code of ['220 what', '221 bye', '354 go on', '421 busy', '500 no', '501 syntax', '530 auth']) {
        const { r } = await probeIt(sub, `HELO ${code}`, { plain: { EHLO: '500 5.5.1 no ESMTP\r\n', HELO: `${code}\r\n` } });
        expect(ids(r), code).toEqual([code.startsWith('421') ? 'smtp.throttled' : 'smtp.ehlo-refused']);
        const { r: s } = await sendIt(sub, `HELO ${code}`, { plain: { EHLO: '500 5.5.1 no ESMTP\r\n', HELO: `${code}\r\n` } });
        expect(s, code).toMatchObject({ failedAt: 'ehlo', delivered: false });
      }
      const busy = await probeIt(sub, 'EHLO 421', { plain: { EHLO: '421 4.7.0 too many connections\r\n' } });
      expect(ids(busy.r)).toEqual(['smtp.throttled']);
      const auth = Array.from({ length: 60 }, (_, i) => `AUTH MECH-${i}`);
      const many = await probeIt(sub, '60 AUTH', { ehlo: [...auth, 'STARTTLS'], afterStarttls: 'close' });
      expect(many.r.smtp.starttls).toBe('offered');
      expect(many.r.smtp.ehlo).toHaveLength(62);
    });
  });

  it('8. silence after connect, after EHLO, after STARTTLS, after its 220, and mid-handshake: the phase deadline fires', async () => {
    await hostileRow('5.1.8', 'Silence after connect / EHLO / STARTTLS / its 220 / mid-handshake', { deadlineMs: PROBE_BOUND }, async (sub) => {
      const half = (raw: Socket): void => void raw.once('data', () => raw.write(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00, 0x00])));
      const cases: [string, HostileScript, string, string][] = [
        ['after connect', { greeting: null }, 'greeting', 'greeting'],
        ['after EHLO', { plain: { EHLO: null } }, 'ehlo', 'ehlo'],
        ['after STARTTLS', { starttls: null }, 'starttls', 'starttls'],
        ['after its 220', { afterStarttls: 'silent' }, 'tls', 'tls'],
        ['mid-handshake', { afterStarttls: half }, 'tls', 'tls'],
      ];
      for (const [name, script, probePhase, sendPhase] of cases) {
        const { r } = await probeIt(sub, name, script);
        expect(r.verdict, name).toBe('inconclusive');
        if (probePhase === 'tls') expect(ids(r), name).toEqual(expect.arrayContaining(['tls.handshake-failed']));
        else
          expect(
            r.findings.map((f) => `${f.id} ${f.params?.phase ?? ''}`),
            name,
          ).toEqual([`smtp.timeout ${probePhase}`]);
        const { r: s } = await sendIt(sub, name, script);
        expect(s, name).toMatchObject({ failedAt: sendPhase, delivered: false });
        expect(s.reason, name).toMatch(/within|in time|deadline|did not finish/);
      }
    });
  });

  it('9. trickle: one byte per (step deadline − 100 ms) never extends a reply past its deadline', async () => {
    await hostileRow('5.1.9', 'Trickle: 1 byte every (read timeout − 100 ms), and every 20 ms', { deadlineMs: PROBE_BOUND }, async (sub) => {
      for (const every of [STEP_MS - 100, 20]) {
        const script: HostileScript = { raw: (sock) => drip(sock, '220-tarpit tarpit tarpit\r\n', every) };
        const { r } = await probeIt(sub, `drip ${every}`, script);
        expect(ids(r)).toEqual(['smtp.timeout']);
        const { r: s } = await sendIt(sub, `drip ${every}`, script);
        expect(s).toMatchObject({ failedAt: 'greeting' });
        expect(ids(s)).toEqual(['smtp.timeout']);
      }
      // A drip inside the STARTTLS reply too.
      const { r } = await probeIt(sub, 'drip STARTTLS', { starttls: null, plain: { STARTTLS: (sock) => drip(sock as Socket, '220-x\r\n', 50) } });
      expect(ids(r)).toEqual(['smtp.timeout']);
    });
  });

  it('10. unbounded data: 10 MB line, 100,000 continuation lines, binary flood: caps trip, memory stays bounded', async () => {
    await hostileRow(
      '5.1.10',
      '10 MB line without CRLF; 100,000 250- lines; 10 MB binary flood',
      { deadlineMs: PROBE_BOUND, memBudgetMiB: 64 },
      async (sub) => {
        const MB10 = 10 * 1024 * 1024;
        const line: HostileScript = { raw: (sock) => flood(sock, Buffer.alloc(64 * 1024, 0x41), MB10) };
        expect(ids((await probeIt(sub, '10 MB line', line)).r)).toEqual(['smtp.limit-exceeded']);
        expect(ids((await sendIt(sub, '10 MB line', line)).r)).toEqual(['smtp.limit-exceeded']);
        const cont: HostileScript = { plain: { EHLO: (sock) => flood(sock as Socket, Buffer.from('250-continuation line\r\n'.repeat(1000)), 100_000 * 23) } };
        expect(ids((await probeIt(sub, '100k lines', cont)).r)).toEqual(['smtp.limit-exceeded']);
        expect(ids((await sendIt(sub, '100k lines', cont)).r)).toEqual(['smtp.limit-exceeded']);
        const noise = Buffer.alloc(64 * 1024);
        for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) & 0xff;
        const bin: HostileScript = { raw: (sock) => flood(sock, noise, MB10) };
        expect(ids((await probeIt(sub, 'binary', bin)).r)).toEqual(['smtp.protocol-error']);
        expect(ids((await sendIt(sub, 'binary', bin)).r)).toEqual(['smtp.protocol-error']);
        // Short valid lines forever: the per-reply caps (lines, bytes) and the 1 MiB session cap.
        const banner: HostileScript = { raw: (sock) => flood(sock, Buffer.from('220-spam spam spam\r\n'.repeat(2000)), MB10) };
        expect(ids((await probeIt(sub, '10 MB banner', banner)).r)).toEqual(['smtp.limit-exceeded']);
      },
    );
  });

  it('11. malformed replies: short/long codes, mixed codes, NUL, bare CR fail; bare LF, a code alone, non-UTF-8 pass', async () => {
    await hostileRow(
      '5.1.11',
      'Malformed replies (25, 2500, mixed codes, NUL, bare CR / LF, code alone, non-UTF-8)',
      { deadlineMs: PROBE_BOUND },
      async (sub) => {
        const bad: [string, HostileScript][] = [
          ['25', { greeting: '25\r\n' }],
          ['2500 x', { greeting: '2500 x\r\n' }],
          ['mixed codes', { plain: { EHLO: '250-hostile.test\r\n220 STARTTLS\r\n' } }],
          ['NUL', { greeting: '220 hostile\0.test\r\n' }],
          ['bare CR', { greeting: '220 hostile\r.test\r\n' }],
          ['099 code', { greeting: '099 hello\r\n' }],
        ];
        for (const [name, script] of bad) {
          const { r } = await probeIt(sub, name, script);
          expect(ids(r), name).toEqual(['smtp.protocol-error']);
          expect(r.verdict).toBe('inconclusive');
          const { r: s } = await sendIt(sub, name, script);
          expect(ids(s), name).toEqual(['smtp.protocol-error']);
        }
        const ok: [string, HostileScript][] = [
          ['bare LF', { greeting: '220 hostile.test\n', plain: { EHLO: '250-hostile.test\n250 STARTTLS\n' } }],
          ['code alone', { greeting: '220\r\n' }],
          ['non-UTF-8', { greeting: Buffer.concat([Buffer.from('220 h\xc3\x28 '), Buffer.from([0xff, 0xfe, 0x80, 0x9b]), Buffer.from('32m\r\n')]) }],
        ];
        for (const [name, script] of ok) {
          const { r } = await probeIt(sub, name, { afterStarttls: 'close', ...script });
          expect(r.smtp.starttls, name).toBe('offered');
        }
      },
    );
  });

  it('12. ANSI escapes, fake log lines, bidi overrides and long Unicode in server text: sanitised in results, terminal and JSON', async () => {
    const nasty: HostileScript = {
      greeting: `220-mx \x1b[2J\x1b[31mRED\x1b[0m \x9b31m\r\n220-\u202egnp.exe\u202c 2024-01-01 00:00:00 FAKE LOG line\r\n220 ${'ü'.repeat(1500)}\r\n`,
      ehlo: ['STARTTLS', 'X-\x1b]0;title\x07'],
      afterStarttls: 'tls',
      tls: TLS,
      secure: { MAIL: '250 \x1b[5mblink\x08\x08\r\n' },
    };
    await hostileRow(
      '5.1.12',
      'ANSI/control/bidi characters and fake log lines in server text (library + CLI)',
      { deadlineMs: PROBE_BOUND + 8000 },
      async (sub) => {
        const { r } = await probeIt(sub, 'ansi', nasty);
        expect(r.smtp.banner).toContain('\\x1b[2J');
        expect(r.smtp.banner!.length).toBeLessThan(600);
        const { r: s } = await sendIt(sub, 'ansi', nasty);
        expect(s.transcript.some((l) => l.text.includes('\\x1b[5mblink\\x08'))).toBe(true);
        // The CLI, human and --json, for probe and send: no control byte but "\n" on stdout; JSON parses and is clean.
        const srv = await server(nasty);
        const target = `127.0.0.1:${srv.port}`;
        const runs = await sub('CLI probe/send, text and --json', async () => {
          const cli = [
            ['probe', target, '--allow-private', '--timeout', '1', '--no-dane', '--no-mta-sts'],
            ['probe', target, '--allow-private', '--timeout', '1', '--no-dane', '--no-mta-sts', '--json'],
            ['send', target, '--from', 'a@b.test', '--to', 'c@d.test', '--timeout', '1', '--policy', 'opportunistic', '--allow-private'],
            ['send', target, '--from', 'a@b.test', '--to', 'c@d.test', '--timeout', '1', '--policy', 'opportunistic', '--allow-private', '--json'],
          ].map((args) => runCli(args));
          return Promise.all(cli.map(async (c) => ({ code: await c.exit, out: c.stdout(), err: c.stderr() })));
        });
        for (const [i, run] of runs.entries()) {
          expect(run.out.length, `run ${i}: ${run.err}`).toBeGreaterThan(0);
          expect(UNSAFE.test(run.out.replace(/\n/g, '')), `run ${i} stdout has a control character`).toBe(false);
          expect(UNSAFE.test(run.err.replace(/\n/g, '')), `run ${i} stderr has a control character`).toBe(false);
          if (i % 2 === 1) assertClean(JSON.parse(run.out), ['text']);
          expect(run.out).toContain('\\x1b[2J');
        }
      },
    );
  });

  it('13. TLS hostility: garbage ServerHello, alert, RST mid-handshake, bad certificates (T_1–T_4)', async () => {
    await hostileRow(
      '5.1.13',
      'Garbage ServerHello, TLS alert, RST mid-handshake, expired/self-signed/wrong-name/unknown-root certificate',
      { deadlineMs: PROBE_BOUND },
      async (sub) => {
        const garbage = await probeIt(sub, 'garbage', { afterStarttls: 'garbage' });
        expect(ids(garbage.r)).toEqual(expect.arrayContaining(['tls.handshake-failed', 'tls.bad-server-hello']));
        expect(garbage.r.tls.versions['TLSv1.2']).toBeNull();
        const alert = await probeIt(sub, 'alert', { afterStarttls: (raw) => raw.once('data', () => raw.end(buildAlert(40))) });
        expect(alert.r.tls.versions).toEqual({ SSLv3: false, 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false });
        expect(ids(alert.r)).toContain('tls.tls12-not-offered');
        const rst = await probeIt(sub, 'RST', { afterStarttls: (raw) => raw.once('data', () => raw.resetAndDestroy()) });
        expect(ids(rst.r)).toContain('tls.handshake-failed');
        const sr = await sendIt(sub, 'RST', { afterStarttls: (raw) => raw.once('data', () => raw.resetAndDestroy()) });
        expect(sr.r).toMatchObject({ failedAt: 'tls', verdict: 'fail', delivered: false });
        const certCases: [string, { cert: string; key: string }, ProbeOptions, string][] = [
          ['T_1 self-signed', { cert: certs.selfSignedOther.certPem, key: certs.selfSignedOther.keyPem }, PROBE, 'cert.self-signed'],
          ['T_2 unknown root', TLS, { ...PROBE, extraCa: [] }, 'cert.untrusted|cert.chain-incomplete'],
          ['T_3 wrong name', { cert: certs.selfSignedOther.certPem, key: certs.selfSignedOther.keyPem }, PROBE, 'cert.name-mismatch'],
          ['T_4 expired', { cert: certs.expired.chainPem, key: certs.expired.keyPem }, PROBE, 'cert.expired'],
        ];
        for (const [name, tls, opts, want] of certCases) {
          const { r } = await probeIt(sub, name, { afterStarttls: 'tls', tls }, opts);
          expect(
            ids(r).some((id) => new RegExp(`^(${want})$`).test(id)),
            `${name}: ${ids(r).join(' ')}`,
          ).toBe(true);
          expect(r.tls.certificate).not.toBeNull();
        }
      },
    );
  });

  it('14. early close at every phase and 421 to any command: a classified result, nothing thrown', async () => {
    await hostileRow('5.1.14', 'EOF/RST at connect, EHLO, STARTTLS, MAIL, DATA; 421 to every command', { deadlineMs: PROBE_BOUND }, async (sub) => {
      const kill = (how: 'end' | 'rst') => (sock: Socket | import('node:tls').TLSSocket) => (how === 'end' ? sock.end() : rawOf(sock).resetAndDestroy());
      for (const how of ['end', 'rst'] as const) {
        const phases: [string, HostileScript][] = [
          ['connect', { greeting: null, raw: (s) => (how === 'end' ? s.end() : s.resetAndDestroy()) }],
          ['EHLO', { plain: { EHLO: kill(how) } }],
          ['STARTTLS', { plain: { STARTTLS: kill(how) } }],
        ];
        for (const [name, script] of phases) {
          const { r } = await probeIt(sub, `${how} ${name}`, script);
          // An RST right at accept can beat the client's connect event: then it is a connect failure.
          const want = how === 'rst' && name === 'connect' ? /^smtp\.(protocol-error|connect-failed)$/ : /^smtp\.protocol-error$/;
          expect(r.verdict).toBe('inconclusive');
          expect(ids(r)).toHaveLength(1);
          expect(ids(r)[0], `${how} ${name}`).toMatch(want);
          const { r: s } = await sendIt(sub, `${how} ${name}`, script);
          expect(s.delivered).toBe(false);
          expect(ids(s)).toHaveLength(1);
          expect(ids(s)[0], `${how} ${name}`).toMatch(want);
        }
        for (const verb of ['MAIL', 'RCPT', 'DATA']) {
          const { r: s } = await sendIt(sub, `${how} ${verb}`, { afterStarttls: 'tls', tls: TLS, secure: { [verb]: kill(how) } });
          expect(s, verb).toMatchObject({ failedAt: verb.toLowerCase(), delivered: false, verdict: 'fail' });
        }
      }
      for (const verb of ['EHLO', 'STARTTLS']) {
        const { r } = await probeIt(sub, `421 ${verb}`, { plain: { [verb]: '421 4.7.0 closing\r\n' } });
        expect(ids(r)).toEqual(['smtp.throttled']);
      }
      for (const verb of ['MAIL', 'RCPT', 'DATA']) {
        const { r: s } = await sendIt(sub, `421 ${verb}`, { afterStarttls: 'tls', tls: TLS, secure: { [verb]: '421 4.3.2 shutting down\r\n' } });
        expect(s, verb).toMatchObject({ failedAt: verb.toLowerCase(), delivered: false, verdict: 'fail', reason: '421 4.3.2 shutting down' });
      }
    });
  });

  it('baseline: a well-behaved TLS server passes (the hostile server itself is sound)', async () => {
    await hostileRow('baseline', 'Well-behaved server (control)', { deadlineMs: PROBE_BOUND }, async (sub) => {
      const { r } = await probeIt(sub, 'good', { afterStarttls: 'tls', tls: TLS });
      expect(r.verdict).toBe('pass');
      const { r: s } = await sendIt(sub, 'good', { afterStarttls: 'tls', tls: TLS });
      expect(s).toMatchObject({ verdict: 'pass', delivered: true });
    });
  });
});
