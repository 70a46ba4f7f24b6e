// The per-listener session context from plain, serialisable settings: built once in the primary and once per worker.
import { createSecureContext } from 'node:tls';
import { MailtlsError } from '../errors.js';
import type { Lang } from '../i18n/lang.js';
import { Keeper } from './keep.js';
import { receiverPolicy, secureContextOptions, type ListenPolicyName, type VersionRange } from './policy.js';
import type { SessionContext } from './session.js';
import type { ReceiverLimits } from './types.js';
import { clientCaList, type InboundConnectorSettings } from './connector.js';

/** Everything a process needs to run sessions (structured-clone/JSON safe: it crosses the IPC channel to workers). */
export interface ContextSettings {
  policy: ListenPolicyName;
  tls?: VersionRange;
  hostname: string;
  limits: ReceiverLimits;
  cert: string;
  key: string;
  keepDir: string | null;
  /** Messages this process may keep (its share of limits.keepMaxCount). */
  keepMaxCount: number;
  lang: Lang;
  starttls: boolean;
  accept: boolean;
  connector?: InboundConnectorSettings | null;
}

export function createSessionContext(s: ContextSettings): SessionContext {
  const policy = receiverPolicy(s.policy, s.tls);
  let secureContext;
  try {
    secureContext = createSecureContext({
      ...secureContextOptions(policy),
      cert: s.cert,
      key: s.key,
      ...(s.connector ? { ca: clientCaList(s.connector.ca) } : {}),
    });
  } catch (e) {
    throw new MailtlsError('EINPUT', `certificate or key not usable: ${(e as Error).message}`);
  }
  return {
    policy,
    hostname: s.hostname,
    limits: s.limits,
    secureContext,
    lang: s.lang,
    starttls: s.starttls,
    keeper: s.keepDir && s.keepMaxCount > 0 ? new Keeper(s.keepDir, s.keepMaxCount, s.limits.keepMaxBytes) : null,
    accept: s.accept || policy.acceptsByDefault,
    connector: s.connector ?? null,
  };
}
