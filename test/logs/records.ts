// One parsed session for aggregate and report tests: a TLS 1.2 session of a Postfix peer, with what a test changes.
import type { SessionRecord } from '../../src/logs/aggregate.js';

export const rec = (ip: string, name: string, extra: Partial<SessionRecord> = {}): SessionRecord => ({
  ts: Date.UTC(2024, 4, 2, 10),
  ip,
  name,
  direction: 'inbound',
  connector: 'c',
  format: 'postfix',
  version: 'TLSv1.2',
  suite: 'AES',
  sigs: [],
  errors: [],
  session: true,
  ...extra,
});
