// The SMTP client against scripted hostile servers on loopback: deadlines, caps, HELO fallback, STARTTLS discard.
import { TLSSocket, createSecureContext } from 'node:tls';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { SmtpClient, isThrottle } from '../../src/smtp/client.js';
import { SmtpError } from '../../src/smtp/errors.js';
import { onLines, rawServer, smtpUpToStarttls, type RawServer } from './servers.js';

const certs = inject('certs');
let server: RawServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const fast = { connectMs: 2000, greetingMs: 1500, commandMs: 1500, tlsMs: 1500, sessionMs: 5000 };

async function connect(port: number, extra: Partial<Parameters<typeof SmtpClient.connect>[0]> = {}): Promise<SmtpClient> {
  return SmtpClient.connect({ host: '127.0.0.1', port, timeouts: fast, ...extra });
}

async function failure(p: Promise<unknown>): Promise<SmtpError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SmtpError);
    return e as SmtpError;
  }
  throw new Error('expected an SmtpError');
}

describe('SmtpClient', () => {
  it('reads a delayed multi-line greeting, falls back to HELO, and QUITs', async () => {
    const seen: string[] = [];
    server = await rawServer((s) => {
      s.write('220-hello\r\n');
      setTimeout(() => s.write('220-still here\r\n220 ready\r\n'), 300);
      onLines(s, (l) => {
        seen.push(l);
        if (l.startsWith('EHLO')) s.write('502 5.5.1 what\r\n');
        else if (l.startsWith('HELO')) s.write('250 hi\r\n');
        else if (l === 'QUIT') s.end('221 bye\r\n');
      });
    });
    const c = await connect(server.port);
    const g = await c.greeting();
    expect(g.lines).toEqual(['hello', 'still here', 'ready']);
    const e = await c.ehlo('probe.test');
    expect(e.verb).toBe('helo');
    expect(e.reply.code).toBe(250);
    expect(c.offersStarttls).toBe(false);
    expect((await c.quit())?.code).toBe(221);
    expect(seen).toEqual(['EHLO probe.test', 'HELO probe.test', 'QUIT']);
  });

  it('detects STARTTLS only as an exact EHLO keyword', async () => {
    server = await rawServer((s) => smtpUpToStarttls(s, { ehlo: ['XSTARTTLSX', 'X-STARTTLS'] }));
    const c = await connect(server.port);
    await c.greeting();
    await c.ehlo('p.test');
    expect(c.offersStarttls).toBe(false);
    c.close();
  });

  it('times out a silent server in the greeting phase', async () => {
    server = await rawServer(() => undefined);
    const c = await connect(server.port);
    const e = await failure(c.greeting());
    expect(e.code).toBe('ETIMEDOUT');
    expect(e.phase).toBe('greeting');
  });

  it('ends a one-byte-at-a-time greeting at the step deadline (the minimum data rate adds little)', async () => {
    server = await rawServer((s) => {
      const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write('2')), 50);
      s.on('close', () => clearInterval(t));
    });
    const c = await connect(server.port, { minDataRate: 1000 });
    const start = Date.now();
    const e = await failure(c.greeting());
    expect(['ETIMEDOUT', 'EPROTOCOL']).toContain(e.code);
    expect(Date.now() - start).toBeLessThan(4000);
  });

  it('trips the line cap on an endless line and the session cap on a 10 MB banner of short lines', async () => {
    server = await rawServer((s, i) => {
      if (i === 0) s.write(Buffer.alloc(1024 * 1024, 0x41));
      else {
        const chunk = Buffer.from('220-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n'.repeat(2000));
        let sent = 0;
        const pump = (): void => {
          while (sent < 10 * 1024 * 1024 && !s.destroyed) {
            sent += chunk.length;
            if (!s.write(chunk)) return void s.once('drain', pump);
          }
        };
        pump();
      }
    });
    const a = await connect(server.port);
    expect((await failure(a.greeting())).code).toBe('ELIMIT');
    const b = await connect(server.port, { limits: { maxLines: 1_000_000, maxReplyBytes: 100 * 1024 * 1024 } });
    const e = await failure(b.greeting());
    expect(e.code).toBe('ELIMIT');
    expect(e.message).toMatch(/session/);
    expect(b.received).toBeLessThan(2 * 1024 * 1024);
  });

  it('reports binary garbage as a protocol error and a close as EPROTOCOL with the phase', async () => {
    server = await rawServer((s, i) => {
      if (i === 0) s.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0xff, 0x0a, 0x00, 0x0d, 0x0a]));
      else s.write('220 ok\r\n', () => onLines(s, () => s.destroy()));
    });
    const a = await connect(server.port);
    expect((await failure(a.greeting())).code).toBe('EPROTOCOL');
    const b = await connect(server.port);
    await b.greeting();
    const e = await failure(b.ehlo('p.test'));
    expect(e.code).toBe('EPROTOCOL');
    expect(e.phase).toBe('ehlo');
  });

  it('refuses a closed port with ECONNECT', async () => {
    server = await rawServer(() => undefined);
    const port = server.port;
    await server.close();
    server = null;
    const e = await failure(connect(port));
    expect(e.code).toBe('ECONNECT');
    expect(e.phase).toBe('connect');
  });

  it('classifies 421 "too many connections" as throttling', async () => {
    server = await rawServer((s) => s.end('421 4.7.0 Too many connections from your host\r\n'));
    const c = await connect(server.port);
    const g = await c.greeting();
    expect(g.code).toBe(421);
    expect(isThrottle(g)).toBe(true);
    c.close();
  });

  it('discards and counts complete and partial lines injected after the 220 to STARTTLS', async () => {
    const injected = '250-evil\r\n250 AUTH PLAIN\r\n250-XSTART';
    server = await rawServer((s) => smtpUpToStarttls(s, { starttlsReply: `220 go ahead\r\n${injected}` }));
    const c = await connect(server.port);
    await c.greeting();
    await c.ehlo('p.test');
    expect(c.offersStarttls).toBe(true);
    const st = await c.starttls();
    expect(st.ready).toBe(true);
    expect(st.discardedBytes).toBe(Buffer.byteLength(injected));
    expect(c.extensions.size).toBe(0);
    c.takeSocket().destroy();
  });

  it('upgrades to TLS with node:tls options, forgets pre-TLS capabilities, and speaks SMTP inside TLS', async () => {
    const ctx = createSecureContext({ cert: certs.leaf.chainPem, key: certs.leaf.keyPem });
    server = await rawServer((s) =>
      smtpUpToStarttls(s, {
        starttlsReply: '220 go\r\n250 injected\r\n',
        afterStarttls: (raw) => {
          raw.removeAllListeners('data');
          const t = new TLSSocket(raw, { isServer: true, secureContext: ctx });
          t.on('error', () => undefined);
          onLines(t, (l) => {
            if (l.startsWith('EHLO')) t.write('250-secure.invalid\r\n250 SIZE 1000\r\n');
            else if (l === 'QUIT') t.end('221 bye\r\n');
          });
        },
      }),
    );
    const c = await connect(server.port);
    await c.greeting();
    await c.ehlo('p.test');
    const st = await c.starttls();
    expect(st.discardedBytes).toBe('250 injected\r\n'.length);
    const sock = await c.upgrade({ ca: certs.ca.certPem, servername: 'mx1.example.test' });
    expect(sock.authorized).toBe(true);
    expect(c.secure).toBe(true);
    const e = await c.ehlo('p.test');
    expect(e.reply.lines[0]).toBe('secure.invalid');
    expect(c.offersStarttls).toBe(false);
    expect((await c.quit())?.code).toBe(221);
  });

  it('fails the upgrade with ETLS when the server closes mid-handshake, and ETIMEDOUT when it stalls', async () => {
    server = await rawServer((s, i) => smtpUpToStarttls(s, { afterStarttls: (raw) => (i === 0 ? raw.once('data', () => raw.destroy()) : undefined) }));
    const a = await connect(server.port);
    await a.greeting();
    await a.ehlo('p.test');
    await a.starttls();
    expect((await failure(a.upgrade({ rejectUnauthorized: false }))).code).toBe('ETLS');
    const b = await connect(server.port);
    await b.greeting();
    await b.ehlo('p.test');
    await b.starttls();
    const e = await failure(b.upgrade({ rejectUnauthorized: false }));
    expect(e.code).toBe('ETIMEDOUT');
    expect(e.phase).toBe('tls');
  });

  it('refuses CR/LF in command arguments and sends mail with dot-stuffing', async () => {
    let body = '';
    server = await rawServer((s) => {
      s.write('220 ok\r\n');
      let inData = false;
      s.on('data', (d: Buffer) => {
        const t = d.toString('latin1');
        if (inData) {
          body += t;
          if (body.endsWith('\r\n.\r\n')) {
            inData = false;
            s.write('250 queued\r\n');
          }
          return;
        }
        for (const l of t.split('\r\n').filter(Boolean)) {
          if (l === 'DATA') {
            inData = true;
            s.write('354 go\r\n');
          } else if (l === 'QUIT') s.end('221 bye\r\n');
          else s.write('250 ok\r\n');
        }
      });
    });
    const c = await connect(server.port);
    await c.greeting();
    expect(() => c.send('EHLO a\r\nRSET')).toThrow(/CR, LF or NUL/);
    await c.ehlo('p.test');
    expect((await c.mail('a@b.test')).code).toBe(250);
    expect((await c.rcpt('c@d.test')).code).toBe(250);
    expect((await c.data('Subject: x\n\n.leading dot\nend')).code).toBe(250);
    expect(body).toBe('Subject: x\r\n\r\n..leading dot\r\nend\r\n.\r\n');
    await c.quit();
  });
});
