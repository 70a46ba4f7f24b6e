// Importing the library entry does not load BullMQ, ioredis or better-sqlite3 (~150 ms); loadBullmq() does.
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Counts, in a fresh Node process, the CommonJS modules of those packages loaded after `steps` (ESM source text). */
function loadedAfter(steps: string): { entry: number; after: number } {
  const entry = pathToFileURL(`${process.cwd()}/src/index.ts`).href;
  const code = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const count = () => Object.keys(require.cache).filter((k) => /[\\\\/](ioredis|bullmq|better-sqlite3)[\\\\/]/.test(k)).length;
    const m = await import(${JSON.stringify(entry)});
    const entry = count();
    ${steps}
    console.log(JSON.stringify({ entry, after: count() }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() as string) as { entry: number; after: number };
}

describe('library entry', () => {
  it('loads no queue or database package until asked', () => {
    const r = loadedAfter('const { BullmqEngine } = await m.loadBullmq(); if (typeof BullmqEngine !== "function") throw new Error("no engine");');
    expect(r.entry).toBe(0);
    expect(r.after).toBeGreaterThan(0);
  });
});
