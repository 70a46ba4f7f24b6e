// The `mailtls explain` command (CLI wrapper only; the work is in src/explain/).
import type { Command } from 'commander';
import type { Runner } from '../program.js';
import { helpLang, langOf } from '../context.js';
import { colours } from '../output.js';
import { writeStdout } from '../contract.js';
import { checkStdin, readInput } from '../../net/input.js';
import { EXIT, MailtlsError } from '../../errors.js';
import { ui } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { existsSync } from 'node:fs';
import { decodeInput, explainBytes, explainDocument, EXPLAIN_MAX_INPUT, renderExplain } from '../../explain/index.js';

interface ExplainOpts {
  lang?: string;
  json?: boolean;
}

/** Reads stdin up to the cap, as bytes (the library decodes text and reads a saved .eml). */
async function readStdin(lang: Lang): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    size += b.length;
    if (size > EXPLAIN_MAX_INPUT) throw new MailtlsError('EINPUT', ui('explain.input.too-large', lang, { max: EXPLAIN_MAX_INPUT }));
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/**
 * A single argument naming an existing .eml/.msg/.txt file is read as that file (a saved bounce), through the CLI's
 * input rules: a regular file only (a FIFO or device named x.eml is refused), capped at the explain input size.
 */
async function readFileArg(words: string[], lang: Lang): Promise<Buffer | null> {
  const f = words.length === 1 ? (words[0] as string) : '';
  if (!/\.(?:eml|msg|txt)$/i.test(f) || !existsSync(f)) return null;
  // .msg (Outlook) is a binary container; the library decodes text and refuses what it cannot read
  return readInput(f, { what: 'saved message', maxBytes: EXPLAIN_MAX_INPUT, allowBinary: true, lang });
}

export function register(program: Command, runner: Runner): void {
  const hl = helpLang();
  program
    .command('explain')
    .description(ui('explain.description', hl))
    .argument('[text...]', ui('explain.arg.text', hl))
    .option('--json', ui('cli.opt.json', hl))
    .option('--lang <lang>', ui('cli.opt.lang', hl))
    .addHelpText(
      'after',
      `
${ui('explain.help.examples', hl)}
  mailtls explain "421 4.4.2 Connection dropped due to SocketError"
  mailtls explain "TLS negotiation failed with error SocketError" --lang nl
  mailtls explain tls.tls12-not-offered
  mailtls explain - < ndr.txt              # ${ui('explain.help.paste', hl)}
  mailtls explain bounce.eml
  Get-Content ndr.txt | mailtls explain --json

Exit status: 0 recognised, 1 not recognised (closest entries shown), 2 bad input.`,
    )
    .action((words: string[], opts: ExplainOpts) =>
      runner.run(async () => {
        const lang = langOf(opts);
        let bytes: Buffer;
        if (words.length === 0 || (words.length === 1 && words[0] === '-')) {
          if (words.length === 0 && process.stdin.isTTY) throw new MailtlsError('EUSAGE', ui('cli.input.tty', lang));
          checkStdin('error text', lang); // < /dev/zero would never end
          bytes = await readStdin(lang);
        } else {
          bytes = (await readFileArg(words, lang)) ?? Buffer.from(words.join(' '));
        }
        const result = await explainBytes(bytes, { lang });
        const input = decodeInput(bytes);
        if (opts.json) await writeStdout(JSON.stringify(explainDocument(input, result), null, 2) + '\n');
        else await writeStdout(renderExplain(result, lang, colours(), Math.min(process.stdout.columns || 100, 120)));
        return result.unknown ? EXIT.FINDINGS : EXIT.OK;
      }),
    );
}
