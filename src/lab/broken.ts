// A lab SMTP server that advertises STARTTLS, answers it 220, then resets the connection at the ClientHello — what a
// Windows/Exchange receiver does when Schannel cannot serve any protocol or certificate the client asks for.
//
// Why not listen(): the receiver's job is to complete or refuse handshakes correctly; a server that breaks them on
// purpose would be a knob that changes its core path. This one is small, bounded (line length, commands, deadlines)
// and only ever used by `mailtls lab`.
import { EventEmitter, once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { MailtlsError } from '../errors.js';
import { EXCHANGE_SERVER_REQUIRE_TLS } from '../policy/exchange-online.js';
import { REPLY } from '../listen/index.js';

const MAX_LINE = 512;
const MAX_COMMANDS = 50;
const SESSION_MS = 30_000;
const MAX_SESSIONS = 64;

export interface BrokenSession {
  remote: string;
  /** `reset-at-hello`: STARTTLS answered, the ClientHello answered with a TCP reset. */
  outcome: 'reset-at-hello' | 'closed' | 'limit';
  /** Bytes of the ClientHello (or whatever came) that triggered the reset. */
  helloBytes: number;
}

export interface BrokenServerEvents {
  session: [BrokenSession];
}

/** The running server; `close()` stops it and destroys open connections. */
export class BrokenHandshakeServer extends EventEmitter<BrokenServerEvents> {
  readonly address: AddressInfo;
  private readonly sockets = new Set<Socket>();

  /** @internal use startBrokenHandshakeServer() */
  constructor(
    private readonly server: Server,
    private readonly hostname: string,
  ) {
    super();
    this.address = server.address() as AddressInfo;
    server.on('connection', (s) => this.onConnection(s));
  }

  private onConnection(sock: Socket): void {
    if (this.sockets.size >= MAX_SESSIONS) {
      sock.end(`${REPLY.capacity}\r\n`);
      return;
    }
    this.sockets.add(sock);
    const remote = `${sock.remoteAddress ?? '?'}:${sock.remotePort ?? 0}`;
    let buf = Buffer.alloc(0);
    let commands = 0;
    let tlsPending = false;
    let reported = false;
    const report = (outcome: BrokenSession['outcome'], helloBytes = 0): void => {
      if (reported) return;
      reported = true;
      this.emit('session', { remote, outcome, helloBytes });
    };
    const timer = setTimeout(() => sock.destroy(), SESSION_MS);
    timer.unref();
    const say = (line: string): void => {
      if (sock.writable) sock.write(`${line}\r\n`);
    };
    sock.setNoDelay(true);
    sock.on('error', () => sock.destroy());
    sock.on('close', () => {
      clearTimeout(timer);
      this.sockets.delete(sock);
      report('closed');
    });
    sock.on('data', (chunk: Buffer) => {
      if (tlsPending) {
        // The ClientHello: Schannel finds nothing it can serve and drops the connection (a TCP RST, not an alert).
        report('reset-at-hello', chunk.length);
        sock.resetAndDestroy();
        return;
      }
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const nl = buf.indexOf(10);
        if (nl < 0) {
          if (buf.length > MAX_LINE) {
            say(REPLY.lineFlood);
            report('limit');
            sock.end();
          }
          return;
        }
        const line = buf.subarray(0, nl).toString('latin1').replace(/\r$/, '');
        buf = buf.subarray(nl + 1);
        if (++commands > MAX_COMMANDS) {
          say(REPLY.tooManyErrors);
          report('limit');
          sock.end();
          return;
        }
        const verb = line.split(' ', 1)[0]?.toUpperCase() ?? '';
        if (verb === 'EHLO') {
          sock.write(`250-${this.hostname} Hello\r\n250-SIZE 37748736\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n`);
        } else if (verb === 'HELO') {
          say(`250 ${this.hostname} Hello`);
        } else if (verb === 'STARTTLS') {
          say(REPLY.starttlsReady);
          tlsPending = true;
          buf = Buffer.alloc(0); // plaintext after STARTTLS is dropped, never parsed (CVE-2011-0411)
          return;
        } else if (verb === 'QUIT') {
          say(REPLY.quit);
          sock.end();
          return;
        } else if (verb === 'NOOP' || verb === 'RSET') {
          say(REPLY.ok);
        } else if (verb === 'MAIL' || verb === 'RCPT' || verb === 'DATA') {
          say(EXCHANGE_SERVER_REQUIRE_TLS.mustIssueStarttls);
        } else {
          say(REPLY.unrecognized);
        }
      }
    });
    say(EXCHANGE_SERVER_REQUIRE_TLS.greeting(this.hostname));
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

/** Starts the server on host:port (port 0 = any free port); resolves once bound. */
export async function startBrokenHandshakeServer(host: string, port: number, hostname: string): Promise<BrokenHandshakeServer> {
  const server = createServer({ noDelay: true });
  server.listen({ host, port });
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => Promise.reject(e as Error))]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new MailtlsError('ECONNECT', `cannot listen on ${host}:${port}: ${err.code ?? err.message}`, { code: err.code });
  }
  return new BrokenHandshakeServer(server, hostname);
}
