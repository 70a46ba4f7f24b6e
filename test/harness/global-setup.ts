// vitest globalSetup: makes the run's test certificates and starts the Postfix receiver fleet once, for every suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { ProvidedContext } from 'vitest';
import { CERT_DIR_ENV, generateTestCerts } from './certs.js';
import { postfixUnavailableReason, reapOrphans, receiverInfo, startReceiverFleet, type PostfixFleetInfo, type RunningReceiver } from './postfix.js';

/** Env var: set to 1 to skip starting Postfix (suites that need it then skip with this reason). */
export const NO_POSTFIX_ENV = 'MAILTLS_NO_POSTFIX';

/** Typed provide(): vitest 4's TestProject.provide does not see the ProvidedContext augmentation in provided.d.ts. */
function provider(project: TestProject) {
  const raw = project.provide as unknown as (key: string, value: unknown) => void;
  return <K extends keyof ProvidedContext & string>(key: K, value: ProvidedContext[K]): void => raw.call(project, key, value);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const provide = provider(project);
  // Instances left behind by runs that were killed before their teardown (their owner process is gone).
  const reaped = await reapOrphans();
  if (reaped.length > 0) console.warn(`mailtls harness: cleaned up ${reaped.length} instance dir(s) of dead test runs`);
  const certDir = mkdtempSync(join(tmpdir(), 'mailtls-certs-'));
  const certs = await generateTestCerts(certDir);
  process.env[CERT_DIR_ENV] = certDir;
  provide('certs', certs);

  let fleet: RunningReceiver[] = [];
  let info: PostfixFleetInfo;
  const reason = process.env[NO_POSTFIX_ENV] === '1' ? `${NO_POSTFIX_ENV}=1 is set` : postfixUnavailableReason();
  if (reason) {
    info = { available: false, reason, receivers: {} };
  } else {
    fleet = await startReceiverFleet(certs);
    info = {
      available: true,
      reason: null,
      receivers: Object.fromEntries(fleet.map((r) => [r.name, receiverInfo(r)])) as Extract<PostfixFleetInfo, { available: true }>['receivers'],
    };
  }
  provide('postfix', info);

  return async () => {
    await Promise.all(fleet.map((r) => r.instance.stop()));
    rmSync(certDir, { recursive: true, force: true });
  };
}
