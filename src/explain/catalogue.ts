// Every finding mailtls can report, merged from each capability (through its index.ts) and the lower layers: what explain looks ids up in.
import { catalogue } from '../findings/catalog.js';
import { LAB_MESSAGES } from '../lab/index.js';
import { LOGS_MESSAGES } from '../logs/index.js';
import { DANE_MESSAGES, PROBE_CONNECTOR_MESSAGES, PROBE_MESSAGES } from '../probe/index.js';
import { RECEIVER_CONNECTOR_MESSAGES, RECEIVER_MESSAGES } from '../listen/index.js';
import { REGISTRY_MESSAGES } from '../registry/index.js';
import { SCAN_MESSAGES } from '../scan/index.js';
import { SEND_MESSAGES } from '../send/index.js';
import * as smtp from '../smtp/messages.js';
import * as tls from '../tls/messages.js';
import * as explain from './messages.js';

/** The message tables of every capability below explain and of the lower layers, in catalogue order. */
export const MESSAGE_TABLES = [
  { name: 'probe', findings: PROBE_MESSAGES.findings, ui: PROBE_MESSAGES.ui },
  { name: 'probe-connector', findings: PROBE_CONNECTOR_MESSAGES.findings, ui: PROBE_CONNECTOR_MESSAGES.ui },
  { name: 'smtp', findings: smtp.findings, ui: smtp.ui },
  { name: 'tls', findings: tls.findings, ui: tls.ui },
  { name: 'dane', findings: DANE_MESSAGES.findings, ui: DANE_MESSAGES.ui },
  { name: 'receiver', findings: RECEIVER_MESSAGES.findings, ui: RECEIVER_MESSAGES.ui },
  { name: 'receiver-connector', findings: RECEIVER_CONNECTOR_MESSAGES.findings, ui: RECEIVER_CONNECTOR_MESSAGES.ui },
  { name: 'send', findings: SEND_MESSAGES.findings, ui: SEND_MESSAGES.ui },
  { name: 'registry', findings: REGISTRY_MESSAGES.findings, ui: REGISTRY_MESSAGES.ui },
  { name: 'logs', findings: LOGS_MESSAGES.findings, ui: LOGS_MESSAGES.ui },
  { name: 'explain', findings: explain.findings, ui: explain.ui },
  { name: 'scan', findings: SCAN_MESSAGES.findings, ui: SCAN_MESSAGES.ui },
  { name: 'lab', findings: LAB_MESSAGES.findings, ui: LAB_MESSAGES.ui },
] as const;

const all = catalogue(...MESSAGE_TABLES);

/** Every finding id mailtls can report. */
export type FindingId = Parameters<typeof all.finding>[0];

/** Every finding id known to mailtls, with its texts. */
export const CATALOG = all.CATALOG;
/** Every human-interface string of the capabilities below explain (explain uses its own `explain.*` keys). */
export const UI = all.UI;
export const { entry, rerender, finding } = all;
