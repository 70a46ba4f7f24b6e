// Scripted raw `net` SMTP servers on loopback for misbehaving-peer tests (shared by test/smtp and test/probe).
import { createServer, type Server, type Socket } from 'node:net';

export interface RawServer {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 that runs `script` for every connection; sockets are destroyed on close(). */
export async function rawServer(script: (sock: Socket, index: number) => void): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
    script(sock, state.connections++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Calls `onLine` for every CRLF-terminated command line the client sends. */
export function onLines(sock: Socket, onLine: (line: string) => void): void {
  let buf = '';
  sock.on('data', (d: Buffer) => {
    buf += d.toString('latin1');
    let i: number;
    while ((i = buf.indexOf('\r\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      onLine(line);
    }
  });
}

/** A plain well-behaved SMTP dialog up to STARTTLS; `afterStarttls` decides what follows the 220. */
export function smtpUpToStarttls(sock: Socket, opts: { ehlo?: string[]; starttlsReply?: string; afterStarttls?: (s: Socket) => void } = {}): void {
  sock.write('220 test.invalid ESMTP raw\r\n');
  let tlsMode = false;
  onLines(sock, (line) => {
    if (tlsMode) return;
    const verb = line.split(' ')[0]!.toUpperCase();
    if (verb === 'EHLO') {
      const caps = opts.ehlo ?? ['PIPELINING', 'STARTTLS'];
      sock.write(['test.invalid', ...caps].map((c, i, a) => `250${i === a.length - 1 ? ' ' : '-'}${c}\r\n`).join(''));
    } else if (verb === 'HELO') sock.write('250 test.invalid\r\n');
    else if (verb === 'STARTTLS') {
      sock.write(opts.starttlsReply ?? '220 2.0.0 Ready to start TLS\r\n');
      if ((opts.starttlsReply ?? '220').startsWith('220')) {
        tlsMode = true;
        opts.afterStarttls?.(sock);
      }
    } else if (verb === 'QUIT') sock.end('221 bye\r\n');
    else sock.write('502 5.5.2 no\r\n');
  });
}
