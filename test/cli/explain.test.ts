// The CLI contract for `mailtls explain`: stdin kinds, write failures, finding ids without raw {placeholders}.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, run, Scratch } from './matrix.js';

let s: Scratch;
beforeAll(() => { s = new Scratch(); });
afterAll(() => s.remove());

describe('explain', () => {
  it('stdin from /dev/zero is refused at once', async () => {
    expectRefused(await run(['explain', '-'], { stdinFile: '/dev/zero' }), /stdin/);
  });
  it('stdin from a binary file is refused', async () => {
    expectRefused(await run(['explain', '-'], { stdinFile: s.path('binary') }), /binary/);
  });
  it('stdout on /dev/full: one line, exit 2', async () => {
    expectRefused(await run(['explain', 'tls.tls12-not-offered'], { stdoutFile: '/dev/full' }), /no space left/);
    expectRefused(await run(['explain', 'tls.tls12-not-offered', '--json'], { stdoutFile: '/dev/full' }), /no space left/);
  });
  for (const lang of ['en', 'nl']) {
    it(`a bare finding id shows no raw {placeholder} (${lang})`, async () => {
      for (const id of ['tls.tls12-not-offered', 'probe.nothing-tested', 'dns.nxdomain', 'logs.tls10-peer']) {
        const r = await run(['explain', id, '--lang', lang]);
        expect(r.code, id).toBe(0);
        expect(r.stdout, id).not.toMatch(/\{[a-zA-Z0-9_]+\}/);
      }
    });
  }
  it('--lang xx → exit 2, one line', async () => {
    expectRefused(await run(['explain', 'x', '--lang', 'xx']));
  });
});

describe('help', () => {
  it('mailtls help bogus exits 2 with one line', async () => {
    expectRefused(await run(['help', 'bogus']), /unknown command/);
  });
  it('an unknown command and an unknown option: exit 2, one line', async () => {
    expectRefused(await run(['bogus']));
    expectRefused(await run(['probe', 'x', '--bogus']));
  });
  it('mailtls help probe still works (exit 0)', async () => {
    const r = await run(['help', 'probe']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/probe/);
  });
});
