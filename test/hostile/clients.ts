// Hostile SMTP clients for the receiver cases: idle, trickling, stalled-after-STARTTLS and injecting sockets, a
// legitimate sender that times its greeting, and the process's open file descriptors.
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { buildClientHello } from '../../src/tls/hello.js';
import { rawConnect, type RawClient } from '../listen/helpers.js';

export { rawConnect, type RawClient };

/** Open file descriptors of this process (/proc/self/fd; -1 where there is no /proc). */
export function fdCount(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

export type Hold = 'idle' | 'trickle' | 'stalled-starttls' | 'half-hello';

/** A socket held open against the listener in one of the slowloris shapes; `stop()` destroys it. */
export interface Held {
  sock: Socket;
  stop(): void;
}

/**
 * Opens a connection and holds it: `idle` never sends a byte; `trickle` sends one byte of a command every `everyMs`;
 * `stalled-starttls` sends STARTTLS and then nothing; `half-hello` sends STARTTLS and half a ClientHello.
 */
export async function hold(port: number, how: Hold, everyMs = 100): Promise<Held> {
  const sock = connect({ host: '127.0.0.1', port });
  sock.on('error', () => undefined);
  await once(sock, 'connect');
  sock.resume(); // read (and drop) what the server says, so its close is noticed
  let timer: NodeJS.Timeout | null = null;
  if (how === 'trickle') {
    const text = 'NOOP trickle trickle trickle\r\n';
    let i = 0;
    timer = setInterval(() => (sock.destroyed ? clearInterval(timer!) : sock.write(text[i++ % text.length]!)), everyMs);
  } else if (how === 'stalled-starttls') sock.write('STARTTLS\r\n');
  else if (how === 'half-hello') {
    sock.write('STARTTLS\r\n');
    const h = buildClientHello({ version: 'TLSv1.2', suites: [0xc030, 0xc02f] });
    setTimeout(() => sock.destroyed || sock.write(h.subarray(0, h.length >> 1)), 50);
  }
  return {
    sock,
    stop() {
      if (timer) clearInterval(timer);
      sock.destroy();
    },
  };
}

/** A legitimate sender: connect, time until a complete 220 greeting (or any first reply), then QUIT. */
export async function legit(port: number, limitMs = 5000): Promise<{ greetingMs: number; greeting: string | null }> {
  const t0 = performance.now();
  const c = await rawConnect(port);
  const greeting = await Promise.race([c.reply(), new Promise<null>((r) => setTimeout(() => r(null), limitMs))]);
  const greetingMs = Math.round(performance.now() - t0);
  if (greeting?.startsWith('220')) await c.cmd('QUIT');
  c.sock.destroy();
  return { greetingMs, greeting };
}
