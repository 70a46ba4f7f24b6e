// Finding texts and human-interface strings of probe, in English and Dutch (merged by src/findings/catalog.ts).
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';

export const findings = defineCatalog({});

export const ui: Record<string, Text> = {};
