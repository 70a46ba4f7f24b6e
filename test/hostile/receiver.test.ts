// listen() against hostile clients (cases 5.2.1–5.2.14 of docs/hostile.md): each case asserts the reply/record,
// that the session ends within its deadline, a memory budget, sanitised records, and that a legitimate sender is still
// greeted while (or right after) the hostile clients run. Also held load (2× the session cap) and a 2,000-session soak.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCHANGE_ONLINE } from '../../src/policy/exchange-online.js';
import type { SessionRecord } from '../../src/listen/index.js';
import { buildClientHello, parseServerResponse } from '../../src/tls/hello.js';
import { suiteByName, TLS13_CODES } from '../../src/tls/suites.js';
import { startListener, type TestListener } from '../listen/helpers.js';
import { fdCount, hold, legit, rawConnect, type Held, type RawClient } from './clients.js';
import { assertClean, gc, hostileRow, saveRows } from './results.js';
import { run as soak } from '../../bench/soak.js';

const HANDSHAKE_MS = 600;
const IDLE_MS = 800;
const SLACK_MS = 1500;
const EO12 = EXCHANGE_ONLINE.tls12Suites.map((n) => suiteByName(n)!.code);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterAll(() => saveRows('receiver'));

let t: TestListener;
beforeAll(async () => {
  t = await startListener({ policy: 'exchange-online', limits: { handshakeTimeoutMs: HANDSHAKE_MS, idleTimeoutMs: IDLE_MS, sessionTimeoutMs: 5000 } });
});
afterAll(() => t.close());

/** The next record, checked for sanitised strings. */
async function record(l: TestListener = t): Promise<SessionRecord> {
  const r = await l.next();
  assertClean(r);
  return r;
}

/** A legitimate sender is greeted within 1 s. */
async function stillServes(l: TestListener = t): Promise<void> {
  const g = await legit(l.port);
  expect(g.greeting).toMatch(/^220 /);
  expect(g.greetingMs).toBeLessThan(1000);
  await l.next();
}

async function ehloStarttls(c: RawClient, name = 'x.test'): Promise<void> {
  await c.reply();
  await c.cmd(`EHLO ${name}`);
}

/** EHLO, STARTTLS, then raw ClientHello bytes; the server's answer (alert) once it closes. */
async function helloBytes(parts: Buffer[], gapMs = 0): Promise<Buffer> {
  const c = await rawConnect(t.port);
  await ehloStarttls(c);
  expect(await c.cmd('STARTTLS')).toBe('220 2.0.0 SMTP server ready');
  const sock = c.sock;
  sock.removeAllListeners('data');
  const got: Buffer[] = [];
  sock.on('data', (d: Buffer) => got.push(d));
  for (const p of parts) {
    sock.write(p);
    await (gapMs > 0 ? sleep(gapMs) : new Promise((r) => setImmediate(r)));
  }
  await once(sock, 'close');
  return Buffer.concat(got);
}

describe('§5.2 listen against hostile clients', () => {
  it('1. command injection after STARTTLS (RSET, NOOP, MAIL, EHLO): purged, never answered inside TLS', async () => {
    await hostileRow('5.2.1', 'Command injection STARTTLS\\r\\n<cmd>\\r\\n in one write (CVE-2011-0411)', { deadlineMs: 3000 }, async (sub) => {
      for (const injected of ['RSET', 'NOOP', 'MAIL FROM:<a@b.test>', 'EHLO evil.test']) {
        await sub(injected, async () => {
          const c = await rawConnect(t.port);
          await ehloStarttls(c);
          c.write(`STARTTLS\r\n${injected}\r\n`);
          expect(await c.reply()).toBe('220 2.0.0 SMTP server ready');
          await c.starttls();
          await sleep(200); // testssl/zgrab2 procedure: anything unsolicited inside TLS = vulnerable
          expect(c.pending()).toBe('');
          expect(await c.cmd('QUIT')).toMatch(/^221 /);
          const r = await record();
          expect(r.commands.map((x) => x.line)).toEqual(['EHLO x.test', 'STARTTLS', 'QUIT']);
          expect(r.bytesAfterStarttls).toBe(injected.length + 2);
          expect(r.findings.map((f) => f.id)).toContain('listen.starttls-pipelined');
        });
      }
      await stillServes();
    });
  });

  it('2. injection split across segments before the ClientHello: handshake fails or the bytes are purged, never run', async () => {
    await hostileRow('5.2.2', 'Injection split across segments (STARTTLS, then RSET 1 ms later)', { deadlineMs: 3000 }, async (sub) => {
      for (let i = 0; i < 5; i++) {
        await sub(`split ${i}`, async () => {
          const c = await rawConnect(t.port);
          await ehloStarttls(c);
          c.write('STARTTLS\r\n');
          await sleep(1);
          c.write('RSET\r\n');
          expect(await c.reply()).toBe('220 2.0.0 SMTP server ready');
          const ok = await c.starttls().then(
            () => true,
            () => false,
          );
          if (ok) {
            await sleep(100);
            expect(c.pending()).toBe('');
            c.sock.destroy();
          }
          const r = await record();
          expect(r.commands.map((x) => x.line)).not.toContain('RSET');
          expect(['tls-malformed', 'tls-ok', 'closed']).toContain(r.outcome);
        });
      }
      await stillServes();
    });
  });

  it('3. a partial line before STARTTLS never prefixes the first command inside TLS', async () => {
    await hostileRow('5.2.3', 'Partial-line prefix injection (STARTTLS\\r\\nMAIL FROM:<x> without CRLF)', { deadlineMs: 3000 }, async (sub) => {
      for (const prefix of ['MAIL FROM:<attacker@evil.test> ', 'RCPT TO:<x@y.test>', 'QUIT', 'X'.repeat(600)]) {
        await sub(prefix.slice(0, 20), async () => {
          const c = await rawConnect(t.port);
          await ehloStarttls(c);
          c.write(`STARTTLS\r\n${prefix}`);
          expect(await c.reply()).toBe('220 2.0.0 SMTP server ready');
          await c.starttls();
          expect(await c.cmd('EHLO ok.test')).toMatch(/^250-mx\.listen\.test Hello/);
          await c.cmd('QUIT');
          const r = await record();
          expect(r.commands.filter((x) => x.tls).map((x) => x.line)).toEqual(['EHLO ok.test', 'QUIT']);
          expect(r.bytesAfterStarttls).toBe(prefix.length);
        });
      }
    });
  });

  it('4. state reset: the pre-TLS EHLO is forgotten (503 for MAIL) and the recorded name comes from inside TLS only', async () => {
    await hostileRow('5.2.4', 'State reset after STARTTLS (MAIL without a new EHLO; recorded HELO name)', { deadlineMs: 3000 }, async (sub) => {
      await sub('no EHLO inside TLS', async () => {
        const c = await rawConnect(t.port);
        await ehloStarttls(c, 'attacker.example');
        await c.cmd('STARTTLS');
        await c.starttls();
        expect(await c.cmd('MAIL FROM:<a@b.test>')).toBe('503 5.5.2 Send hello first');
        await c.cmd('QUIT');
        const r = await record();
        expect(r.outcome).toBe('tls-ok');
        expect(r.ehlo).not.toBe('attacker.example');
      });
      await sub('EHLO inside TLS', async () => {
        const c = await rawConnect(t.port);
        await ehloStarttls(c, 'attacker.example');
        await c.cmd('STARTTLS');
        await c.starttls();
        await c.cmd('EHLO inside.test');
        expect(await c.cmd('MAIL FROM:<a@b.test>')).toBe('250 2.1.0 Sender OK');
        await c.cmd('QUIT');
        expect((await record()).ehlo).toBe('inside.test');
      });
    });
  });

  it('5. STARTTLS misuse: arguments, MAIL/RCPT/DATA/AUTH before TLS, a second STARTTLS, STARTTLS advertised inside TLS', async () => {
    await hostileRow('5.2.5', 'STARTTLS misuse (501, policy 451 5.7.3 before TLS, 503 inside TLS, not advertised)', { deadlineMs: 3000 }, async (sub) => {
      await sub('misuse', async () => {
        const c = await rawConnect(t.port);
        await ehloStarttls(c);
        expect(await c.cmd('STARTTLS foo')).toMatch(/^501 /);
        for (const cmd of ['MAIL FROM:<a@b.test>', 'RCPT TO:<c@d.test>', 'DATA']) expect(await c.cmd(cmd), cmd).toBe(EXCHANGE_ONLINE.replies.starttlsRequired);
        expect(await c.cmd('AUTH PLAIN AGFAYg==')).toMatch(/^5\d\d /);
        await c.cmd('STARTTLS');
        await c.starttls();
        expect(await c.cmd('EHLO in.test')).not.toContain('STARTTLS');
        expect(await c.cmd('STARTTLS')).toMatch(/^503 /);
        await c.cmd('QUIT');
        expect((await record()).outcome).toBe('tls-ok');
      });
    });
  });

  it('6. version policy and recording: every hello shape is recorded; anything below TLS 1.2 gets protocol_version', async () => {
    await hostileRow(
      '5.2.6',
      'ClientHello: SSLv3, TLS 1.0/1.1/1.2/1.3, SSLv2-compatible, two records, byte by byte, >16 KiB, 1-byte records, truncated',
      { deadlineMs: HANDSHAKE_MS + SLACK_MS },
      async (sub) => {
        for (const version of ['SSLv3', 'TLSv1.0', 'TLSv1.1'] as const) {
          await sub(version, async () => {
            const a = parseServerResponse(await helloBytes([buildClientHello({ version, suites: [...EO12, 0x000a, 0x0005] })]));
            expect(a).toMatchObject({ kind: 'alert', name: 'protocol_version' });
            const r = await record();
            expect(r).toMatchObject({ outcome: 'tls-refused', clientHello: { maxVersion: version } });
          });
        }
        for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
          await sub(version, async () => {
            await helloBytes([buildClientHello({ version, suites: version === 'TLSv1.3' ? TLS13_CODES.slice(0, 2) : EO12 })]);
            expect((await record()).clientHello?.maxVersion).toBe(version);
          });
        }
        await sub('SSLv2-compatible', async () => {
          const specs = Buffer.from([0x00, 0xc0, 0x14, 0x00, 0x00, 0x2f]);
          const msg = Buffer.concat([Buffer.from([1, 3, 1, 0, specs.length, 0, 0, 0, 16]), specs, Buffer.alloc(16, 7)]);
          await helloBytes([Buffer.concat([Buffer.from([0x80 | (msg.length >> 8), msg.length & 0xff]), msg])]);
          expect((await record()).clientHello).toMatchObject({ format: 'sslv2', maxVersion: 'TLSv1.0' });
        });
        const h = buildClientHello({ version: 'TLSv1.1', suites: EO12 });
        const rec = (b: Buffer) => Buffer.concat([Buffer.from([22, 3, 1, b.length >> 8, b.length & 0xff]), b]);
        await sub('two records', async () => {
          await helloBytes([Buffer.concat([rec(h.subarray(5, 40)), rec(h.subarray(40))])]);
          expect((await record()).clientHello?.maxVersion).toBe('TLSv1.1');
        });
        await sub('byte by byte', async () => {
          await helloBytes([...h].map((b) => Buffer.from([b])));
          expect((await record()).clientHello?.maxVersion).toBe('TLSv1.1');
        });
        await sub('> 16 KiB over two records', async () => {
          const big = buildClientHello({ version: 'TLSv1.1', suites: [...EO12, ...Array.from({ length: 9000 }, (_, i) => 0x1000 + i)] });
          const body = big.subarray(5);
          expect(body.length).toBeGreaterThan(16 * 1024);
          await helloBytes([Buffer.concat([rec(body.subarray(0, 16384)), rec(body.subarray(16384))])]);
          const r = await record();
          expect(r.clientHello?.maxVersion).toBe('TLSv1.1');
          expect(r.clientHello!.ciphers.length).toBeGreaterThan(9000);
        });
        await sub('hello dripped as 1-byte records: refused after 64 records (no quadratic re-parse)', async () => {
          const head = Buffer.from([22, 3, 1, 0, 4, 1, 0, 0xea, 0x60]);
          const answer = await helloBytes([head, ...Array.from({ length: 200 }, () => Buffer.from([22, 3, 1, 0, 1, 7]))]);
          expect(parseServerResponse(answer)).toMatchObject({ kind: 'alert', name: 'decode_error' });
          expect(await record()).toMatchObject({ outcome: 'tls-malformed', tlsError: expect.stringMatching(/more than 64 records/) });
        });
        await sub('truncated, then close', async () => {
          const c = await rawConnect(t.port);
          await ehloStarttls(c);
          await c.cmd('STARTTLS');
          c.sock.end(h.subarray(0, 30));
          const r = await record();
          expect(r.clientHello).toBeNull();
          expect(['closed', 'tls-malformed', 'timeout']).toContain(r.outcome);
        });
        await stillServes();
      },
    );
  });

  it('7. handshake stall: STARTTLS then nothing, or half a ClientHello: cut at the handshake deadline', async () => {
    await hostileRow('5.2.7', 'Handshake stall (no ClientHello; half a ClientHello)', { deadlineMs: HANDSHAKE_MS + SLACK_MS }, async (sub) => {
      for (const how of ['stalled-starttls', 'half-hello'] as const) {
        await sub(how, async () => {
          const h: Held = await hold(t.port, how);
          await once(h.sock, 'close');
          const r = await record();
          expect(r.outcome).toBe('timeout');
          expect(r.findings.map((f) => f.id)).toContain('listen.tls-timeout');
        });
      }
      await stillServes();
    });
  });

  it('8. line limits: 513-byte line, 100 KB without CRLF, NUL, bare LF, xtext-smuggled CRLF', async () => {
    await hostileRow('5.2.8', 'Line limits (513 B → 500, 100 KB no CRLF → 421, NUL, bare LF, ENVID=ab+0D+0Acd)', { deadlineMs: 3000 }, async (sub) => {
      await sub('513 bytes, NUL, bare LF', async () => {
        const c = await rawConnect(t.port);
        await c.reply();
        expect(await c.cmd(`NOOP ${'x'.repeat(508)}`)).toBe('500 5.5.2 Line too long');
        expect(await c.cmd('NOOP a\0b')).toMatch(/^50\d /);
        c.write('NOOP\n');
        expect(await c.reply()).toBe('250 2.0.0 OK');
        await c.cmd('QUIT');
        const r = await record();
        expect(r.commands.some((x) => x.line.includes('\\x00'))).toBe(true);
      });
      await sub('100 KB without CRLF', async () => {
        const c = await rawConnect(t.port);
        await c.reply();
        c.write('A'.repeat(100_000));
        expect(await c.reply()).toMatch(/^421 /);
        await c.waitClosed();
        expect((await record()).outcome).toBe('limit');
      });
      const opp = await startListener({ policy: 'opportunistic' });
      try {
        await sub('ENVID xtext CRLF', async () => {
          const c = await rawConnect(opp.port);
          await c.reply();
          await c.cmd('EHLO x.test');
          const reply = await c.cmd('MAIL FROM:<a@b.test> ENVID=ab+0D+0Acd');
          await c.cmd('QUIT');
          const r = await record(opp);
          // Never decoded, never relayed: whatever the reply, the record carries no raw CR/LF.
          expect(reply).toMatch(/^(250|501|555) /);
          expect(r.commands.every((x) => !/[\r\n]/.test(x.line))).toBe(true);
        });
      } finally {
        await opp.close();
      }
      await stillServes();
    });
  });

  it('9–10. recipients and DATA limits (opportunistic, accepting): 452 beyond 100, long paths, 552 over SIZE, only CRLF.CRLF ends data', async () => {
    await hostileRow(
      '5.2.9-10',
      'Recipients (100 OK, 101st 452, 64-octet local part, 300-octet path) and DATA (552 over size; \\n.\\n, \\r.\\r smuggling)',
      { deadlineMs: 5000 },
      async (sub) => {
        const opp = await startListener({ policy: 'opportunistic', limits: { maxMessageBytes: 10_000 } });
        try {
          await sub('recipients', async () => {
            const c = await rawConnect(opp.port);
            await c.reply();
            await c.cmd('EHLO many.test');
            await c.cmd('MAIL FROM:<a@b.test>');
            expect(await c.cmd(`RCPT TO:<${'l'.repeat(64)}@d.test>`)).toBe('250 2.1.5 Recipient OK');
            expect(await c.cmd(`RCPT TO:<${'p'.repeat(300)}@d.test>`)).toMatch(/^501 /);
            for (let i = 1; i < 100; i++) await c.cmd(`RCPT TO:<r${i}@d.test>`);
            expect(await c.cmd('RCPT TO:<over@d.test>')).toBe('452 4.5.3 Too many recipients');
            await c.cmd('QUIT');
            await record(opp);
          });
          await sub('DATA over size', async () => {
            const c = await rawConnect(opp.port);
            await c.reply();
            await c.cmd('EHLO big.test');
            expect(await c.cmd('MAIL FROM:<a@b.test> SIZE=20000')).toMatch(/^552 /);
            await c.cmd('MAIL FROM:<a@b.test>');
            await c.cmd('RCPT TO:<c@d.test>');
            expect(await c.cmd('DATA')).toMatch(/^354 /);
            c.write(`${'x'.repeat(70)}\r\n`.repeat(300) + '.\r\n');
            expect(await c.reply()).toMatch(/^552 /);
            await c.cmd('QUIT');
            expect((await record(opp)).messages).toBe(0);
          });
          await sub('smuggling variants', async () => {
            const c = await rawConnect(opp.port);
            await c.reply();
            await c.cmd('EHLO smug.test');
            await c.cmd('MAIL FROM:<a@b.test>');
            await c.cmd('RCPT TO:<c@d.test>');
            await c.cmd('DATA');
            c.write('Subject: s\r\n\r\none\n.\ntwo\r.\rthree\n.\r\nfour\r\n.\nfive\r\n');
            await sleep(100);
            expect(c.pending()).toBe('');
            c.write('.\r\n');
            expect(await c.reply()).toMatch(/^250 2\.6\.0 /);
            await c.cmd('QUIT');
            expect((await record(opp)).messages).toBe(1);
          });
        } finally {
          await opp.close();
        }
      },
    );
  });

  it('11. error and junk limits: 20 unknown commands, 101 NOOPs, an HTTP request: 421 and close', async () => {
    await hostileRow('5.2.11', 'Error/junk limits (20 unknown → 421, 101 NOOP → 421, GET / HTTP/1.1 → 421)', { deadlineMs: 3000 }, async (sub) => {
      for (const [name, lines] of [
        ['unknown', Array.from({ length: 20 }, (_, i) => `BOGUS${i}`)],
        ['noop', Array.from({ length: 101 }, () => 'NOOP')],
        ['http', ['GET / HTTP/1.1']],
      ] as const) {
        await sub(name, async () => {
          const c = await rawConnect(t.port);
          await c.reply();
          c.write(lines.map((l) => `${l}\r\n`).join(''));
          await c.waitClosed();
          expect(c.pending()).toMatch(/421 4\.7\.0 [^\n]*\r\n$/);
          expect((await record()).outcome).toBe('limit');
        });
      }
      await stillServes();
    });
  });

  it('12. early talker: bytes before the 220 do not crash or confuse the session', async () => {
    await hostileRow('5.2.12', 'Pregreet / early talker (EHLO and QUIT sent before the greeting)', { deadlineMs: 3000 }, async (sub) => {
      await sub('pregreet', async () => {
        const c = await rawConnect(t.port);
        c.write('EHLO early.test\r\nQUIT\r\n');
        expect(await c.reply()).toMatch(/^220 /);
        await c.waitClosed();
        const r = await record();
        expect(r.commands.length).toBeLessThanOrEqual(2);
        expect(['no-starttls', 'closed']).toContain(r.outcome);
      });
      await stillServes();
    });
  });
});

describe('§5.2.13–14 load: held connections and a soak', () => {
  it('13. with twice the session cap of idle, trickling and stalled connections open, a new sender is greeted within 1 s', async () => {
    await hostileRow(
      '5.2.13',
      'Slowloris: 2× maxConnections (20) idle + trickling + stalled-after-STARTTLS; legit greeting < 1 s',
      { deadlineMs: 1000, memBudgetMiB: 64 },
      async (sub) => {
        const l = await startListener({ limits: { maxConnections: 20, handshakeTimeoutMs: 30_000, idleTimeoutMs: 30_000 } });
        const held: Held[] = [];
        try {
          const shapes = ['idle', 'trickle', 'stalled-starttls', 'half-hello'] as const;
          for (let i = 0; i < 40; i++) held.push(await hold(l.port, shapes[i % 4]!));
          // Let them be "open" for a while, as slowloris connections are, then ask as a legitimate sender, three times.
          await sleep(1200);
          for (let k = 0; k < 3; k++) {
            const g = await sub(`legit ${k}`, () => legit(l.port, 1000));
            expect(g.greeting, `attempt ${k}`).toMatch(/^220 /);
            await sleep(100);
          }
          expect(l.listener.activeSessions).toBeLessThanOrEqual(20);
        } finally {
          for (const h of held) h.stop();
          await l.close();
        }
      },
    );
  });

  it('14. soak: 2,000 sessions with random disconnects leave no file descriptors or memory behind', async () => {
    await hostileRow('5.2.14', 'Soak: 2,000 sessions, random disconnects at every phase (fd and heap growth)', { memBudgetMiB: 64 }, async (sub) => {
      gc();
      const fdBefore = fdCount();
      const r = await sub('soak', () => soak({ sessions: 2000, concurrency: 32, report: () => undefined }));
      gc();
      await sleep(200);
      const fdAfter = fdCount();
      expect(r.sessions).toBe(2000);
      expect(r.recorded).toBe(2000);
      if (fdBefore >= 0) expect(fdAfter - fdBefore, `fds ${fdBefore} → ${fdAfter}`).toBeLessThanOrEqual(10);
      expect(r.heapGrowthMiB).toBeLessThan(32);
    });
  });
});
