// Streaming: a generated Exchange log of a few hundred MB (never on disk) with memory bounded by peers, not lines.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/logs/analyze.js';
import { generateExchange } from './gen.js';

const MB = 1e6;
const SIZE = Number(process.env.LOGS_STREAM_MB ?? 300) * MB;

describe('streaming', () => {
  it(`analyses ${SIZE / MB} MB from a generator with flat memory`, async () => {
    const heap: number[] = [];
    let produced = 0;
    function* sampled(): Generator<Buffer> {
      for (const b of generateExchange({ bytes: SIZE, peers: 3000, chunk: 4 << 20 })) {
        produced += b.length;
        heap.push(process.memoryUsage().heapUsed);
        yield b;
      }
    }
    const r = await analyzeLogs([{ name: 'generated', stream: Readable.from(sampled()) }], { lang: 'en' });
    expect(r.bytes).toBe(produced);
    expect(r.peers.length).toBe(3000);
    const t = r.totals;
    expect(t.sessions).toBe(t.tlsSessions + t.noTls + t.failures);
    expect(t.versions['TLSv1.0']).toBeGreaterThan(0);
    expect(r.malformed).toBe(0);
    // memory: after the first quarter (all peers seen), the heap does not grow with the input
    const q = Math.floor(heap.length / 4);
    const early = Math.max(...heap.slice(0, q));
    const late = Math.max(...heap.slice(q));
    expect(late - early).toBeLessThan(64 * MB);
    expect(late).toBeLessThan(256 * MB);
  });
});
