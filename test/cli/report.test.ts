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

describe('report: lab --json (the pipe lab --help shows)', () => {
  it('renders a lab result: exit 0, a lab section with each scenario', async () => {
    const lab = await run(['lab', '--scenario', 'legacy-tls', '--json'], { timeoutMs: 60_000 });
    expect(lab.code).toBe(0);
    const file = s.write('lab.json', lab.stdout);
    const r = await run(['report', file, '--html', s.path('lab.html')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(lab, verdict: Pass\)/);
    const page = readFileSync(s.path('lab.html'), 'utf8');
    expect(page).toContain('data-kind="lab"');
    expect(page).toContain('legacy-tls');
  });
  it('a lab result with a scenario that was not reproduced is a failing section', async () => {
    const lab = JSON.parse((await run(['lab', '--scenario', 'legacy-tls', '--json'], { timeoutMs: 60_000 })).stdout) as {
      pass: boolean;
      scenarios: { pass: boolean; missing: string[] }[];
    };
    lab.pass = false;
    (lab.scenarios[0] as { pass: boolean; missing: string[] }).pass = false;
    (lab.scenarios[0] as { pass: boolean; missing: string[] }).missing = ['finding tls.legacy-only'];
    const r = await run(['report', '-', '--html', '-'], { input: JSON.stringify(lab) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/data-kind="lab" data-verdict="fail"/);
    expect(r.stdout).toContain('finding tls.legacy-only');
  });
});
