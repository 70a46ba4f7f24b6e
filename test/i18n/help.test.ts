// --help in Dutch when LANG says nl: every option of every command described in Dutch, English otherwise.
import { describe, expect, it } from 'vitest';
import { UI } from '../../src/cli/catalog.js';
import { runCli } from '../helpers/cli.js';

const COMMANDS = ['probe', 'listen', 'send', 'registry', 'logs', 'explain', 'scan', 'worker', 'lab', 'report'];

/** The option and argument descriptions of a --help text (the part after the option column), joined. */
const descriptions = (help: string): string =>
  help
    .split('\n')
    .filter((l) => /^ {2}\S/.test(l) || /^ {10,}\S/.test(l))
    .join('\n');

describe('--help', () => {
  it.each(COMMANDS)('%s: Dutch with LANG=nl_NL, English with LANG=C, the same options', async (cmd) => {
    const en = await runCli([cmd, '--help']);
    const nl = await runCli([cmd, '--help'], { env: { LANG: 'nl_NL.UTF-8' } });
    expect(en.code).toBe(0);
    expect(nl.code).toBe(0);
    const flags = (h: string): string[] => [...h.matchAll(/^ {2}(-[\w-]+(?:, --[\w-]+)?)/gm)].map((m) => m[1] as string);
    expect(flags(nl.stdout)).toEqual(flags(en.stdout));
    // no English help text of ours left in the Dutch help (each help.* string's English must be absent)
    const english = Object.entries(UI)
      .filter(([k]) => k.startsWith('help.') || k.startsWith('cli.opt.'))
      .map(([, t]) => t.en.split(':')[0] as string)
      .filter((e) => e.length > 12);
    const nlText = descriptions(nl.stdout).replace(/\s+/g, ' ');
    for (const e of english) expect(nlText, `English help text left in the Dutch help of ${cmd}`).not.toContain(e);
    expect(descriptions(nl.stdout)).not.toBe(descriptions(en.stdout));
    // commander's own words too: section titles, "(default: …)", "[options]", the help option
    const COMMANDER_EN = /^(Usage|Options|Arguments|Commands):|\(default: |\[options\]|display help for command/m;
    expect(en.stdout).toMatch(COMMANDER_EN);
    expect(nl.stdout).not.toMatch(COMMANDER_EN);
    expect(nl.stdout).toMatch(/^Gebruik: /m);
  });

  it.each(COMMANDS)('%s --lang nl --help (LANG=C): Dutch throughout, as with LANG=nl_NL', async (cmd) => {
    const viaEnv = await runCli([cmd, '--help'], { env: { LANG: 'nl_NL.UTF-8' } });
    const viaOption = await runCli([cmd, '--lang', 'nl', '--help'], { env: { LANG: 'C' } });
    expect(viaOption.code).toBe(0);
    expect(viaOption.stdout).toBe(viaEnv.stdout);
    // and the other way round: --lang en wins over LANG=nl_NL
    const en = await runCli([cmd, '--help'], { env: { LANG: 'C' } });
    expect((await runCli([cmd, '--lang', 'en', '--help'], { env: { LANG: 'nl_NL.UTF-8' } })).stdout).toBe(en.stdout);
  });

  it('mailtls --help: the program, its commands and options in Dutch', async () => {
    const nl = await runCli(['--help'], { env: { LANG: 'nl_NL.UTF-8' } });
    expect(nl.code).toBe(0);
    expect(nl.stdout).toMatch(/^Opdrachten:/m);
    expect(nl.stdout).toContain('probe [opties] <target>');
    expect(nl.stdout).not.toMatch(/Find out which mail server|output the version number|\[options\]/);
  });
});
