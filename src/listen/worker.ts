// Entry of a listener worker process (listen({ workers })): runs sessions on sockets the primary hands over, reports records.
import type { Socket } from 'node:net';
import { createSessionContext } from './context.js';
import { Session, type SessionContext } from './session.js';
import type { ToPrimary, ToWorker } from './workers.js';

const send = (m: ToPrimary): void => {
  if (process.connected) process.send?.(m);
};

if (!process.send) throw new Error('mailtls listener worker: start it through listen({ workers }), not directly');

let ctx: SessionContext | null = null;
let stopping = false;
const sessions = new Set<Session>();

process.on('message', (m: ToWorker, handle?: unknown) => {
  if (m.t === 'init') {
    try {
      ctx = createSessionContext(m.settings);
      send({ t: 'ready' });
    } catch (e) {
      send({ t: 'failed', message: (e as Error).message });
    }
  } else if (m.t === 'conn') {
    const socket = handle as Socket | undefined;
    if (!socket) return send({ t: 'lost', n: m.n }); // the connection closed while it was being handed over
    if (!ctx) {
      socket.destroy();
      return send({ t: 'lost', n: m.n });
    }
    const session: Session = new Session(socket, ctx, (record) => {
      sessions.delete(session);
      send({ t: 'session', n: m.n, record });
    });
    sessions.add(session);
    session.start(false);
    if (stopping) session.shutdown();
  } else if (m.t === 'shutdown') {
    stopping = true;
    for (const s of sessions) s.shutdown();
  }
});

// The primary decides when we stop: it sends 'shutdown' (421 to open sessions) and disconnects once every record is in.
// If it dies instead, the IPC channel closes and so do we: a worker never outlives its primary.
process.on('disconnect', () => process.exit(0));
// Ctrl-C (and a service manager's SIGTERM) reach the whole process group; the primary turns them into an orderly close
// (421 to open sessions, every record reported), so a worker must not die first.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
