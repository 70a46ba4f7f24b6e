// The `mailtls explain` command (CLI wrapper only; the work is in src/explain/).
import type { Command } from 'commander';
import type { Runner } from '../main.js';
import { helpLang, langOf } from '../context.js';
import { colours } from '../output.js';
import { writeStdout } from '../contract.js';
import { checkStdin } from '../../net/input.js';
import { EXIT, MailtlsError } from '../../errors.js';
import { ui } from '../../findings/catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { explain, explainDocument, EXPLAIN_MAX_INPUT } from '../../explain/explain.js';
import { renderExplain } from '../../explain/render.js';

interface ExplainOpts { lang?: string; json?: boolean }

/** Reads stdin up to the cap; UTF-16 (a PowerShell redirect) is decoded by its BOM, everything else as UTF-8. */
async function readStdin(lang: Lang): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    size += b.length;
    if (size > EXPLAIN_MAX_INPUT) throw new MailtlsError('EINPUT', ui('cli.input.too-large', lang, { max: EXPLAIN_MAX_INPUT }));
    chunks.push(b);
  }
  const buf = Buffer.concat(chunks);
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return Buffer.from(buf.subarray(2)).swap16().toString('utf16le');
  return buf.toString('utf8').replace(/^\uFEFF/, '');
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
  Get-Content ndr.txt | mailtls explain --json

Exit status: 0 recognised, 1 not recognised (closest entries shown), 2 bad input.`,
    )
    .action((words: string[], opts: ExplainOpts) =>
      runner.run(async () => {
        const lang = langOf(opts);
        let input: string;
        if (words.length === 0 || (words.length === 1 && words[0] === '-')) {
          if (words.length === 0 && process.stdin.isTTY) throw new MailtlsError('EUSAGE', ui('cli.input.tty', lang));
          checkStdin('error text', lang); // < /dev/zero would never end
          input = await readStdin(lang);
        } else {
          input = words.join(' ');
        }
        const result = explain(input, { lang });
        if (opts.json) await writeStdout(JSON.stringify(explainDocument(input, result), null, 2) + '\n');
        else await writeStdout(renderExplain(result, lang, colours(), Math.min(process.stdout.columns || 100, 120)));
        return result.unknown ? EXIT.FINDINGS : EXIT.OK;
      }),
    );
}
