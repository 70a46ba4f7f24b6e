// The CLI contract for `mailtls explain`: stdin kinds, write failures, finding ids without raw {placeholders}.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, run, Scratch } from './matrix.js';

let s: Scratch;
beforeAll(() => {
  s = new Scratch();
});
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
  it('a saved bounce argument (x.eml) that is a FIFO or a directory is refused at once, not read forever', async () => {
    execFileSync('mkfifo', [s.path('bounce.eml')]);
    expectRefused(await run(['explain', s.path('bounce.eml')]), /not a regular file/);
    execFileSync('mkdir', [s.path('saved.eml')]);
    expectRefused(await run(['explain', s.path('saved.eml')]), /is a directory/);
  });
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

describe('Dutch refusals have no English error line', () => {
  const english = /\b(wants|cannot|must|unknown|missing|got|needs|is not|no such|given|together|larger than|looks binary)\b/i;
  const cases: string[][] = [
    ['probe', 'x', '--bogus'],
    ['probe'],
    ['probe', 'x', '--timeout', '720h'],
    ['probe', 'x', '--ehlo', 'a b'],
    ['probe', 'x', '--resolver', 'abc'],
    ['probe', 'x', '--ca', '/dev/zero'],
    ['probe', 'x', '--ca', '/etc/hostname'],
    ['send', 'x', '--from', 'a@b', '--to', 'c@d', '--timeout', '0'],
    ['send', 'x', '--to', 'c@d'],
    ['listen', '--once', '--max-sessions', '2'],
    ['listen', '--keep-dir', '/tmp/x'],
    ['listen', '--cert', '/etc/hostname'],
    ['listen', '--policy', 'bogus'],
    ['registry', '/dev/zero'],
    ['registry', '/no/such/file.reg'],
    ['logs', '/dev/zero'],
    ['scan', '--export', 'xml'],
    ['scan', '--out', 'x.csv'],
    ['report', '/dev/zero', '--html', '/tmp/x.html'],
    ['lab', '--scenario', 'bogus'],
    ['help', 'bogus'],
    ['bogus'],
  ];
  for (const args of cases) {
    it(`mailtls ${args.join(' ')} --lang nl`, async () => {
      const r = await run([...args, '--lang', 'nl']);
      expectRefused(r);
      expect(r.stderr).not.toMatch(english);
    });
  }
});
