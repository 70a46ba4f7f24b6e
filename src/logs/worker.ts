// Worker thread for `analyzeLogs`: analyses the files the main thread hands it, returns its aggregate as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { Aggregate, type AggregateOptions } from './aggregate.js';
import { analyzeFile, type FileOptions } from './file.js';

/** Messages main → worker. */
export type ToWorker = { type: 'file'; path: string } | { type: 'finish' };
/** Messages worker → main. */
export type FromWorker =
  | { type: 'progress'; bytes: number }
  | { type: 'ready' }
  | { type: 'done'; data: ReturnType<Aggregate['toData']> }
  | { type: 'error'; message: string };

export interface WorkerInit {
  agg: AggregateOptions;
  file: FileOptions;
}

const port = parentPort;
if (port) {
  const init = workerData as WorkerInit;
  const agg = new Aggregate(init.agg);
  let pending = 0;
  const flush = (): void => {
    if (pending > 0) port.postMessage({ type: 'progress', bytes: pending } satisfies FromWorker);
    pending = 0;
  };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'finish') {
      const data = agg.toData();
      // (the peers' numbers are moved, not copied)
      port.postMessage({ type: 'done', data } satisfies FromWorker, [data.peers.num.buffer as ArrayBuffer]);
      port.close();
      return;
    }
    analyzeFile(m.path, m.path, agg, init.file, (n) => {
      pending += n;
      if (pending > 8 << 20) flush();
    })
      .then(() => {
        flush();
        port.postMessage({ type: 'ready' } satisfies FromWorker);
      })
      .catch((e: unknown) => port.postMessage({ type: 'error', message: (e as Error).message } satisfies FromWorker));
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}
