// The CLI contract for `mailtls report`: inputs × bad kinds, --html × bad kinds and same-as-input, stdout failures.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { expectRefused, expectUnchanged, IN_KINDS, OUT_KINDS, run, Scratch } from './matrix.js';

let s: Scratch;
let probe: string;
beforeAll(() => {
  s = new Scratch();
  probe = join(s.dir, 'p.json');
  copyFileSync(join(ROOT, 'test/fixtures/report/probe.json'), probe);
});
afterAll(() => s.remove());

describe('report: inputs', () => {
  for (const kind of IN_KINDS) {
    it(`input: ${kind} → exit 2, one line, no page`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run(['report', s.badInputs()[kind] as string, '--html', s.path('out.html')])));
    });
  }
  it('stdin from /dev/zero is refused at once', async () => {
    expectRefused(await run(['report', '-', '--html', s.path('out.html')], { stdinFile: '/dev/zero' }), /stdin/);
  });
  it('binary bytes on a pipe are refused from the first 64 KiB (memory stays bounded)', async () => {
    expectRefused(await run(['report', '-', '--html', s.path('out.html')], { input: '\u0000'.repeat(70_000) }), /binary/);
  });
  it('an empty file is refused', async () => {
    expectRefused(await run(['report', s.path('empty.txt'), '--html', s.path('out.html')]));
  });
});

describe('report: outputs', () => {
  it('--html naming the input is refused and the input is unchanged', async () => {
    await expectUnchanged(s, async () => expectRefused(await run(['report', probe, '--html', probe]), /also an input/));
  });
  for (const kind of OUT_KINDS) {
    it(`--html ${kind}: exit 2, nothing written`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run(['report', probe, '--html', s.badOutputs()[kind] as string])));
    });
  }
  it('--html - with --json is refused', async () => {
    expectRefused(await run(['report', probe, '--html', '-', '--json']), /stdout/);
  });
  it('--html - on /dev/full: one line, exit 2', async () => {
    expectRefused(await run(['report', probe, '--html', '-'], { stdoutFile: '/dev/full' }), /no space left/);
  });
  it('the summary line on /dev/full: one line, exit 2 (the page itself was written)', async () => {
    expectRefused(await run(['report', probe, '--html', s.path('ok.html')], { stdoutFile: '/dev/full' }), /no space left/);
    expect(readFileSync(s.path('ok.html'), 'utf8')).toMatch(/<html/);
  });
});
