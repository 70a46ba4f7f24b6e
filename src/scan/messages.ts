// Finding texts and human-interface strings of scan, in English and Dutch (merged by src/cli/catalog.ts).
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';
import { catalogue } from '../findings/catalog.js';
import { PROBE_MESSAGES } from '../probe/index.js';

export const findings = defineCatalog({
  'scan.rate-limited': {
    severity: 'warning',
    title: { en: 'Server kept refusing: too busy', nl: 'Server bleef weigeren: te druk' },
    message: {
      en: '{host} ({ip}) answered "busy / too many connections" on each of {attempts#attempt|attempts}; result inconclusive',
      nl: '{host} ({ip}) antwoordde bij {attempts#poging|pogingen} "bezet / te veel verbindingen"; resultaat onbeslist',
    },
    cause: {
      en: 'The server throttles connections from the scanning address (SMTP 421 or another 4xx greeting).',
      nl: 'De server beperkt verbindingen vanaf het scanadres (SMTP 421 of een andere 4xx-begroeting).',
    },
    fix: {
      en: 'Scan this host again later, with a lower --per-ip-rate, or from an address the server allows.',
      nl: 'Scan deze host later opnieuw, met een lagere --per-ip-rate, of vanaf een adres dat de server toestaat.',
    },
    next: 'mailtls probe <host>',
  },
  'scan.probe-error': {
    severity: 'warning',
    title: { en: 'Probe could not run', nl: 'Test kon niet worden uitgevoerd' },
    message: {
      en: 'the probe of {host} ({ip}) stopped with an internal error: {reason}',
      nl: 'de test van {host} ({ip}) stopte met een interne fout: {reason}',
    },
    next: 'mailtls probe <host>',
  },
  'scan.host-pending': {
    severity: 'info',
    title: { en: 'Host not probed yet', nl: 'Host nog niet getest' },
    message: {
      en: '{host} ({ip}) has not been probed yet: nothing is known about its TLS; resume the scan to probe it',
      nl: '{host} ({ip}) is nog niet getest: over zijn TLS is nog niets bekend; hervat de scan om hem te testen',
    },
    next: 'mailtls scan --db <file>',
  },
  'scan.bad-target': {
    severity: 'error',
    title: { en: 'Not a usable target', nl: 'Geen bruikbaar doel' },
    message: { en: '"{target}" cannot be scanned: {reason}', nl: '"{target}" kan niet worden gescand: {reason}' },
  },
  'scan.not-finished': {
    severity: 'info',
    title: { en: 'Not scanned yet', nl: 'Nog niet gescand' },
    message: {
      en: '{domain} has not been scanned completely yet; run the scan again to finish it',
      nl: '{domain} is nog niet volledig gescand; start de scan opnieuw om hem af te maken',
    },
  },
});

export const ui: Record<string, Text> = {
  'scan.resolving': { en: 'Resolving MX', nl: 'MX opzoeken' },
  'scan.probing': { en: 'Probing hosts', nl: 'Hosts testen' },
  'scan.loaded': {
    en: '{targets#target|targets} in {file} ({duplicates#duplicate|duplicates} skipped, {invalid#unusable line|unusable lines})',
    nl: '{targets#doel|doelen} in {file} ({duplicates#dubbele|dubbele} overgeslagen, {invalid#onbruikbare regel|onbruikbare regels})',
  },
  'scan.invalid-line': { en: 'line {line} skipped: "{text}" is not a domain or host', nl: 'regel {line} overgeslagen: "{text}" is geen domein of host' },
  'scan.resume': {
    en: 'resuming: {done} of {total#target|targets} already done, {hosts#host|hosts} left to probe',
    nl: 'hervatten: {done} van {total#doel|doelen} al klaar, nog {hosts#host|hosts} te testen',
  },
  'scan.retrying': {
    en: 'taken up again: {targets#target|targets} (the DNS lookup failed, or a host of theirs gave no answer) and {hosts#host|hosts} that gave no answer',
    nl: 'opnieuw opgepakt: {targets#doel|doelen} (de DNS-opvraging mislukte, of een host ervan gaf geen antwoord) en {hosts#host|hosts} die geen antwoord gaven',
  },
  'scan.failed-left': {
    en: '{targets#target|targets} could not be looked up and {hosts#host|hosts} gave no answer; run the same command with --retry-failed to try them again (an answer such as NXDOMAIN stays)',
    nl: '{targets#doel kon|doelen konden} niet opgezocht worden en {hosts#host gaf|hosts gaven} geen antwoord; start hetzelfde commando met --retry-failed om ze opnieuw te proberen (een antwoord zoals NXDOMAIN blijft staan)',
  },
  'scan.failed-left-targets': {
    en: '{targets#target|targets} could not be looked up; run the same command with --retry-failed to look them up again (an answer such as NXDOMAIN stays)',
    nl: '{targets#doel kon|doelen konden} niet opgezocht worden; start hetzelfde commando met --retry-failed om ze opnieuw op te zoeken (een antwoord zoals NXDOMAIN blijft staan)',
  },
  'scan.failed-left-hosts': {
    en: '{hosts#host|hosts} gave no answer (unreachable, timed out or busy); run the same command with --retry-failed to probe them again',
    nl: '{hosts#host gaf|hosts gaven} geen antwoord (onbereikbaar, time-out of bezet); start hetzelfde commando met --retry-failed om ze opnieuw te testen',
  },
  'scan.plan': {
    en: '{targets#target shares|targets share} {hosts#unique MX host|unique MX hosts} on {ips#IP address|IP addresses}; {pending#host|hosts} to probe',
    nl: '{targets#doel deelt|doelen delen} {hosts#unieke MX-host|unieke MX-hosts} op {ips#IP-adres|IP-adressen}; {pending#host|hosts} te testen',
  },
  'scan.summary': { en: 'Scan of {total#target|targets} ({done} done) in {seconds} s', nl: 'Scan van {total#doel|doelen} ({done} klaar) in {seconds} s' },
  'scan.summary-verdicts': {
    en: 'pass {pass}   fail {fail}   inconclusive {inconclusive}',
    nl: 'geslaagd {pass}   afgekeurd {fail}   onbeslist {inconclusive}',
  },
  'scan.summary-rate': {
    en: '{hosts#host|hosts} probed this run ({rate} hosts/min)',
    nl: '{hosts#host|hosts} getest in deze run ({rate} hosts/min)',
  },
  'scan.top-failing': { en: 'Top failing providers:', nl: 'Providers met de meeste afgekeurde domeinen:' },
  'scan.top-failing-row': { en: '{count#domain |domains}  {provider}', nl: '{count#domein  |domeinen}  {provider}' },
  'scan.interrupted': {
    en: 'interrupted: {pending#target|targets} not finished; run the same command again to resume',
    nl: 'onderbroken: {pending#doel|doelen} niet klaar; start hetzelfde commando opnieuw om te hervatten',
  },
  'scan.export-pending': {
    en: 'exported as it stands: {pending} of {total#target|targets} not finished (exported as pending, nothing was probed); resume with: mailtls scan --db {db}',
    nl: 'geëxporteerd zoals het is: {pending} van {total#doel|doelen} niet klaar (als pending geëxporteerd, er is niets getest); hervat met: mailtls scan --db {db}',
  },
  'scan.db': {
    en: 'results in {db} (export with: mailtls scan --db {db} --export json)',
    nl: 'resultaten in {db} (exporteren met: mailtls scan --db {db} --export json)',
  },
  'scan.queued': {
    en: '{jobs#host job|host jobs} on queue {queue}; waiting for workers (start them with: mailtls worker --queue {url})',
    nl: '{jobs#hosttaak|hosttaken} op wachtrij {queue}; wachten op workers (start ze met: mailtls worker --queue {url})',
  },
  'scan.worker-ready': {
    en: 'worker {id} taking jobs from {queue} (concurrency {concurrency}); Ctrl-C stops it cleanly',
    nl: 'worker {id} neemt taken van {queue} (gelijktijdigheid {concurrency}); Ctrl-C stopt hem netjes',
  },
  'scan.worker-stopped': { en: 'worker {id} stopped after {jobs#job|jobs}', nl: 'worker {id} gestopt na {jobs#taak|taken}' },
  'scan.worker-job': { en: '{host} ({ip}:{port}) {verdict}', nl: '{host} ({ip}:{port}) {verdict}' },
};

/** What scan renders: its own texts and probe's (a host nothing could be tested on). */
export const { finding, entry, text } = catalogue({ name: 'scan', findings, ui }, { name: 'probe', ...PROBE_MESSAGES });
