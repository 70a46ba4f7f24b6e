// Finding texts and human-interface strings shared by every command (options, input errors), in English and Dutch.
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';

export const findings = defineCatalog({});

export const ui: Record<string, Text> = {
  'cli.opt.json': {
    en: 'print one machine-readable JSON document on stdout and nothing else',
    nl: 'druk één machineleesbaar JSON-document af op stdout en verder niets',
  },
  'cli.opt.lang': {
    en: 'language of human-readable text: en or nl (default: from LC_ALL / LANG)',
    nl: 'taal van de leesbare tekst: en of nl (standaard: uit LC_ALL / LANG)',
  },
  'cli.input.tty': {
    en: 'no text given: pass the error text as an argument, or pipe it on stdin (e.g. pbpaste | mailtls explain)',
    nl: 'geen tekst opgegeven: geef de fouttekst op als argument of stuur die via stdin (bijv. pbpaste | mailtls explain)',
  },
  // the CLI contract (src/cli/contract.ts): outputs, Ctrl-C
  'cli.out.empty': { en: '{option} needs a file name (or - for stdout)', nl: '{option} heeft een bestandsnaam nodig (of - voor stdout)' },
  'cli.out.stdout-twice': {
    en: '{a} and {b} both want stdout; send one of them to a file',
    nl: '{a} en {b} willen allebei stdout; stuur een van beide naar een bestand',
  },
  'cli.out.no-dir': { en: '{option} {path}: the directory does not exist', nl: '{option} {path}: de map bestaat niet' },
  'cli.out.is-dir': { en: '{option} {path} is a directory; give a file name', nl: '{option} {path} is een map; geef een bestandsnaam op' },
  'cli.out.special': {
    en: '{option} {path} is not a regular file (a device, pipe or socket); give a file name, or - for stdout',
    nl: '{option} {path} is geen gewoon bestand (een apparaat, pipe of socket); geef een bestandsnaam op, of - voor stdout',
  },
  'cli.out.unwritable': { en: '{option} {path}: cannot write there ({reason})', nl: '{option} {path}: kan daar niet schrijven ({reason})' },
  'cli.out.is-input': {
    en: '{option} {path} is also an input; it would be overwritten: choose another file name',
    nl: '{option} {path} is ook een invoerbestand en zou overschreven worden: kies een andere bestandsnaam',
  },
  'cli.out.same': {
    en: '{a} and {b} name the same file {path}; give each its own',
    nl: '{a} en {b} wijzen naar hetzelfde bestand {path}; geef elk een eigen bestand',
  },
  'cli.out.failed': { en: 'cannot write {option} {path}: {reason}', nl: 'kan {option} {path} niet schrijven: {reason}' },
  'cli.interrupt.stopping': {
    en: 'interrupted: stopping and keeping what is done (Ctrl-C again to stop at once)',
    nl: 'onderbroken: bezig met stoppen, wat klaar is blijft bewaard (nogmaals Ctrl-C om direct te stoppen)',
  },
  'cli.interrupt.forced': { en: 'stopped at once', nl: 'direct gestopt' },
  'cli.help.unknown-command': { en: 'unknown command "{name}" (see mailtls --help)', nl: 'onbekende opdracht "{name}" (zie mailtls --help)' },
  'cli.logs.filtered-out': {
    en: 'no all-clear: no SMTP session left to analyse after {filters} ({lines} lines read); widen the filters',
    nl: 'geen vrijbrief: geen SMTP-sessie over om te analyseren na {filters} ({lines} regels gelezen); verruim de filters',
  },
  'cli.logs.interrupted': {
    en: 'interrupted: the report above covers only what was read before Ctrl-C',
    nl: 'onderbroken: het rapport hierboven dekt alleen wat vóór Ctrl-C gelezen was',
  },
  'cli.logs.interrupted-partial': { en: 'INTERRUPTED: partial report (Ctrl-C)', nl: 'ONDERBROKEN: gedeeltelijk rapport (Ctrl-C)' },
  'cli.yes': { en: 'yes', nl: 'ja' },
  'cli.scan.summary-one': { en: 'Scan of 1 target ({done} done) in {seconds} s', nl: 'Scan van 1 doel ({done} klaar) in {seconds} s' },
  'cli.scan.summary-rate-one': { en: '1 host probed this run', nl: '1 host getest in deze run' },
  'cli.scan.loaded-one': {
    en: '1 target in {file} ({duplicates} duplicates skipped, {invalid} unusable lines)',
    nl: '1 doel in {file} ({duplicates} dubbele overgeslagen, {invalid} onbruikbare regels)',
  },
  'cli.registry.not-an-export': {
    en: '{file} is not a registry export (no "Windows Registry Editor Version 5.00" line and no HKEY_ key); export it with reg export or regedit',
    nl: '{file} is geen registerexport (geen regel "Windows Registry Editor Version 5.00" en geen HKEY_-sleutel); exporteer met reg export of regedit',
  },
  'cli.probe.ca-no-pem': {
    en: '--ca {file} holds no PEM certificate (-----BEGIN CERTIFICATE-----); convert a DER file with: openssl x509 -inform der -in {file} -out ca.pem',
    nl: '--ca {file} bevat geen PEM-certificaat (-----BEGIN CERTIFICATE-----); zet een DER-bestand om met: openssl x509 -inform der -in {file} -out ca.pem',
  },
  'cli.scan.bad-queue': { en: '--queue must be a redis:// URL, not "{value}"', nl: '--queue moet een redis://-URL zijn, niet "{value}"' },
  'cli.scan.no-targets': { en: '{file} holds no domain or host to scan', nl: '{file} bevat geen domein of host om te scannen' },
  'cli.scan.no-db': {
    en: '{db} does not exist: give a targets file to start a scan',
    nl: '{db} bestaat niet: geef een bestand met doelen op om een scan te starten',
  },
  'cli.scan.nothing-to-resume': {
    en: 'give a targets file (nothing to resume in {db})',
    nl: 'geef een bestand met doelen op (niets te hervatten in {db})',
  },
  'cli.no': { en: 'no', nl: 'nee' },
  'cli.probe.elapsed-one': { en: '1 connection, {seconds} s', nl: '1 verbinding, {seconds} s' },
  'cli.unit.targets': { en: 'targets', nl: 'doelen' },
  'cli.unit.hosts': { en: 'hosts', nl: 'hosts' },
  'cli.unit.scenarios': { en: 'scenarios', nl: "scenario's" },
  'cli.scan.queued': {
    en: '{jobs} host jobs on queue {queue}; waiting for workers (start them with: {command})',
    nl: '{jobs} hosttaken op wachtrij {queue}; wachten op workers (start ze met: {command})',
  },
  'cli.scan.stopped': {
    en: 'interrupted: stopped; what was recorded is kept, run the same command again to resume',
    nl: 'onderbroken: gestopt; wat is vastgelegd blijft bewaard, start hetzelfde commando opnieuw om te hervatten',
  },
  'cli.scan.all-inconclusive': {
    en: 'no target could be tested ({count} inconclusive): check the network, --resolver and --timeout',
    nl: 'geen enkel doel kon getest worden ({count} onbeslist): controleer het netwerk, --resolver en --timeout',
  },
  'cli.worker.ready': {
    en: 'worker {id} taking jobs from {queue} (concurrency {concurrency}); Ctrl-C stops it (unfinished jobs go back to the queue)',
    nl: 'worker {id} neemt taken van {queue} (gelijktijdigheid {concurrency}); Ctrl-C stopt hem (onafgemaakte taken gaan terug naar de wachtrij)',
  },
  'cli.worker.stopping': {
    en: 'interrupted: stopping the worker; unfinished jobs go back to the queue (Ctrl-C again to stop at once)',
    nl: 'onderbroken: de worker stopt; onafgemaakte taken gaan terug naar de wachtrij (nogmaals Ctrl-C om direct te stoppen)',
  },
  'cli.worker.redis-lost': {
    en: 'lost the connection to Redis; reconnecting with back-off ({detail}); Ctrl-C stops the worker',
    nl: 'verbinding met Redis verloren; opnieuw verbinden met wachttijd ({detail}); Ctrl-C stopt de worker',
  },
  'cli.worker.redis-back': { en: 'connected to Redis again{detail}', nl: 'weer verbonden met Redis{detail}' },
  'cli.listen.bad-cert': {
    en: '--cert {file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
    nl: '--cert {file} bevat geen PEM-certificaat (-----BEGIN CERTIFICATE-----)',
  },
  'cli.listen.bad-key': { en: '--key {file} holds no PEM private key', nl: '--key {file} bevat geen PEM-privésleutel' },
  'cli.listen.key-mismatch': { en: '--key {key} is not the private key of --cert {cert}', nl: '--key {key} is niet de privésleutel van --cert {cert}' },
  // connector options (probe --tls-settings/--tls-domain, listen --tls-sender-certificate-name, send --tls-certificate)
  'cli.connector.bad-domain': {
    en: '{option} wants a domain like mail.contoso.com or *.contoso.com (a wildcard only as the first label), got "{value}"',
    nl: '{option} verwacht een domein zoals mail.contoso.com of *.contoso.com (een joker alleen als eerste label), niet "{value}"',
  },
  'cli.connector.bad-tls-settings': {
    en: '--tls-settings wants {list} (as in Set-OutboundConnector), got "{value}"',
    nl: '--tls-settings verwacht {list} (zoals in Set-OutboundConnector), niet "{value}"',
  },
  'cli.connector.needs-tls-domain': {
    en: "--tls-settings DomainValidation needs --tls-domain (the connector's -TlsDomain, e.g. mail.contoso.com or *.contoso.com)",
    nl: '--tls-settings DomainValidation heeft --tls-domain nodig (de -TlsDomain van de connector, bijv. mail.contoso.com of *.contoso.com)',
  },
  'cli.connector.not-pem': {
    en: '{option} {file} is not PEM text (-----BEGIN ...-----); convert a DER or PFX file with openssl first',
    nl: '{option} {file} is geen PEM-tekst (-----BEGIN ...-----); zet een DER- of PFX-bestand eerst om met openssl',
  },
  'cli.connector.bad-pair': {
    en: '--tls-certificate {cert} and --tls-key {key} are not a usable pair: {reason}',
    nl: '--tls-certificate {cert} en --tls-key {key} vormen geen bruikbaar paar: {reason}',
  },
  'cli.listen.connector-options': {
    en: '--ca, --restrict-domains-to-certificate and --accepted-domain go with --tls-sender-certificate-name',
    nl: '--ca, --restrict-domains-to-certificate en --accepted-domain werken alleen met --tls-sender-certificate-name',
  },
  'cli.listen.bad-keep-dir': {
    en: '--keep-dir {dir} must be a directory on a real file system (not a file, /proc, /sys or /dev)',
    nl: '--keep-dir {dir} moet een map op een echt bestandssysteem zijn (geen bestand, /proc, /sys of /dev)',
  },
  'cli.severity.error': { en: 'ERROR', nl: 'FOUT' },
  'cli.severity.warning': { en: 'WARN', nl: 'WAARSCH' },
  'cli.severity.info': { en: 'INFO', nl: 'INFO' },
  'cli.opt.html': {
    en: 'also write a self-contained HTML report of the result to this file',
    nl: 'schrijf ook een zelfstandig HTML-rapport van het resultaat naar dit bestand',
  },
  // commander's own words in --help (section titles, option notes, the help and version options)
  'help.program.description': {
    en: 'Find out which mail server breaks TLS mail flow with Exchange Online, why, how to fix it, and prove the fix.',
    nl: 'Vind welke mailserver de TLS-mailstroom met Exchange Online breekt, waarom, hoe het te verhelpen is, en bewijs de oplossing.',
  },
  'help.commander.usage': { en: 'Usage:', nl: 'Gebruik:' },
  'help.commander.options': { en: 'Options:', nl: 'Opties:' },
  'help.commander.arguments': { en: 'Arguments:', nl: 'Argumenten:' },
  'help.commander.commands': { en: 'Commands:', nl: 'Opdrachten:' },
  'help.commander.global': { en: 'Global Options:', nl: 'Algemene opties:' },
  'help.commander.default': { en: 'default:', nl: 'standaard:' },
  'help.commander.choices': { en: 'choices:', nl: 'keuzes:' },
  'help.commander.options-term': { en: '[options]', nl: '[opties]' },
  'help.commander.command-term': { en: '[command]', nl: '[opdracht]' },
  'help.commander.help': { en: 'display help for command', nl: 'toon de hulp bij deze opdracht' },
  'help.commander.version': { en: 'output the version number', nl: 'toon het versienummer' },
  'help.commander.after-error': { en: '(run with --help for usage and examples)', nl: '(gebruik --help voor uitleg en voorbeelden)' },
  // --help texts of the commands (src/cli/commands/*.ts)
  'help.lab.description': {
    en: 'Reproduce every failure of the TLS 1.0/1.1 disablement on loopback, run mailtls against it and show the diagnosis and fix (no network, no root)',
    nl: 'Speel elke fout bij het uitschakelen van TLS 1.0/1.1 na op loopback, laat mailtls erop los en toon diagnose en oplossing (geen netwerk, geen root)',
  },
  'help.lab.list': {
    en: 'list the scenarios and exit',
    nl: "toon de scenario's en stop",
  },
  'help.lab.json': {
    en: 'print one JSON document: each scenario with expected and observed findings, strings, pass',
    nl: 'druk één JSON-document af: elk scenario met verwachte en waargenomen bevindingen, teksten, geslaagd',
  },
  'help.lab.lang': {
    en: 'language of human output: en or nl',
    nl: 'taal van de leesbare uitvoer: en of nl',
  },
  'help.lab-serve.description': {
    en: 'Start the lab servers and keep them up, printing their addresses, so other tools can be pointed at them',
    nl: 'Start de labservers en houd ze draaiende, met hun adressen, zodat andere tools erop gericht kunnen worden',
  },
  'help.lab-serve.scenario': {
    en: 'serve only the servers of these scenarios (repeatable or comma-separated)',
    nl: "start alleen de servers van deze scenario's (herhaalbaar of kommagescheiden)",
  },
  'help.lab-serve.duration': {
    en: 'stop after this long (30s, 5m, 1h); default: until Ctrl-C',
    nl: 'stop na zo lang (30s, 5m, 1h); standaard: tot Ctrl-C',
  },
  'help.lab-serve.json': {
    en: 'first line: the servers and the lab CA; then one JSON line per session',
    nl: 'eerste regel: de servers en de lab-CA; daarna één JSON-regel per sessie',
  },
  'help.listen.description': {
    en: 'Outbound readiness: an SMTP receiver that behaves like Exchange Online (or an on-premises RequireTLS connector) and records what each sender offers',
    nl: 'Uitgaande gereedheid: een SMTP-ontvanger die zich gedraagt als Exchange Online (of een on-premises RequireTLS-connector) en vastlegt wat elke afzender aanbiedt',
  },
  'help.listen.listen': {
    en: 'address and port to listen on',
    nl: 'adres en poort om op te luisteren',
  },
  'help.listen.tls': {
    en: 'TLS versions for --policy exchange-server: 1.2 | 1.2+ | 1.0-1.2 (default 1.2+)',
    nl: 'TLS-versies voor --policy exchange-server: 1.2 | 1.2+ | 1.0-1.2 (standaard 1.2+)',
  },
  'help.listen.cert': {
    en: 'certificate chain (PEM); default: a generated self-signed certificate',
    nl: 'certificaatketen (PEM); standaard: een gegenereerd zelfondertekend certificaat',
  },
  'help.listen.key': {
    en: 'private key (PEM) for --cert',
    nl: 'privésleutel (PEM) bij --cert',
  },
  'help.listen.hostname': {
    en: "name in the greeting and EHLO reply (default: this machine's name)",
    nl: 'naam in de begroeting en het EHLO-antwoord (standaard: de naam van deze machine)',
  },
  'help.listen.accept': {
    en: 'take a test message (250 to DATA; the body is discarded unless --keep-dir)',
    nl: 'neem een testbericht aan (250 op DATA; de inhoud wordt weggegooid tenzij --keep-dir)',
  },
  'help.listen.keep-dir': {
    en: 'keep accepted messages here (at most 100, 1 MiB each)',
    nl: 'bewaar aangenomen berichten hier (hoogstens 100, elk 1 MiB)',
  },
  'help.listen.once': {
    en: 'stop after one session',
    nl: 'stop na één sessie',
  },
  'help.listen.max-sessions': {
    en: 'stop after n sessions',
    nl: 'stop na n sessies',
  },
  'help.listen.duration': {
    en: 'stop after this long (30s, 5m, 1h)',
    nl: 'stop na zo lang (30s, 5m, 1h)',
  },
  'help.listen.workers': {
    en: 'processes that run sessions (default 1 = in this process; more for senders that open many connections at once)',
    nl: 'processen die sessies afhandelen (standaard 1 = in dit proces; meer voor afzenders die veel verbindingen tegelijk openen)',
  },
  'help.listen.json': {
    en: 'one JSON line per session on stdout',
    nl: 'één JSON-regel per sessie op stdout',
  },
  'help.logs.description': {
    en: "Read Exchange protocol logs and Postfix/Exim/Sendmail logs; report per peer the TLS versions, failures and the article's error signatures",
    nl: 'Lees Exchange-protocollogboeken en Postfix/Exim/Sendmail-logboeken; rapporteer per peer de TLS-versies, fouten en de foutsignaturen uit het artikel',
  },
  'help.logs.inputs': {
    en: 'log files, directories (read recursively) or - for stdin; plain or .gz',
    nl: 'logbestanden, mappen (recursief gelezen) of - voor stdin; gewoon of .gz',
  },
  'help.logs.since': {
    en: 'only events at or after this time (2024-05-01, 2024-05-01T08:00Z)',
    nl: 'alleen gebeurtenissen op of na dit tijdstip (2024-05-01, 2024-05-01T08:00Z)',
  },
  'help.logs.until': {
    en: 'only events before this time',
    nl: 'alleen gebeurtenissen vóór dit tijdstip',
  },
  'help.logs.peer': {
    en: 'only peers whose IP or name contains this (repeatable)',
    nl: 'alleen peers waarvan IP of naam dit bevat (herhaalbaar)',
  },
  'help.logs.json': {
    en: 'one JSON document on stdout',
    nl: 'één JSON-document op stdout',
  },
  'help.logs.csv': {
    en: 'one CSV row per peer on stdout',
    nl: 'één CSV-rij per peer op stdout',
  },
  'help.logs.top': {
    en: 'rows in the human table',
    nl: 'rijen in de leesbare tabel',
  },
  'help.logs.workers': {
    en: 'worker threads across files (default: automatic; 1 = none)',
    nl: 'worker-threads over de bestanden (standaard: automatisch; 1 = geen)',
  },
  'help.logs.year': {
    en: 'year of syslog time stamps, which have none (default: this year)',
    nl: 'jaar van syslog-tijdstempels, die er geen hebben (standaard: dit jaar)',
  },
  'help.logs.max-line': {
    en: 'longer lines are skipped and counted as malformed',
    nl: 'langere regels worden overgeslagen en als onleesbaar geteld',
  },
  'help.probe.description': {
    en: 'Inbound readiness: can Exchange Online deliver to this domain/host over TLS 1.2+? (STARTTLS, TLS versions, suites, certificate)',
    nl: 'Inkomende gereedheid: kan Exchange Online via TLS 1.2+ bij dit domein of deze host afleveren? (STARTTLS, TLS-versies, suites, certificaat)',
  },
  'help.probe.target': {
    en: 'domain (all MX hosts), host, host:port, or [ip]:port',
    nl: 'domein (alle MX-hosts), host, host:poort of [ip]:poort',
  },
  'help.probe.resolver': {
    en: 'DNS server to ask (default: the system resolver)',
    nl: 'DNS-server om te vragen (standaard: de resolver van het systeem)',
  },
  'help.probe.ehlo': {
    en: 'name to send in EHLO (default: this host name)',
    nl: 'naam om in EHLO te sturen (standaard: de naam van deze host)',
  },
  'help.probe.timeout': {
    en: 'deadline for each step: connect, each reply, the TLS handshake (default 30)',
    nl: 'termijn voor elke stap: verbinden, elk antwoord, de TLS-handshake (standaard 30)',
  },
  'help.probe.port': {
    en: 'port for hosts given without one (default 25)',
    nl: 'poort voor hosts zonder poort (standaard 25)',
  },
  'help.probe.ciphers': {
    en: 'list every suite the server accepts per TLS version (more connections)',
    nl: 'toon elke suite die de server per TLS-versie accepteert (meer verbindingen)',
  },
  'help.probe.allow-private': {
    en: 'also probe private, loopback and link-local addresses',
    nl: 'test ook privé-, loopback- en link-local-adressen',
  },
  'help.probe.ca': {
    en: 'also trust this CA certificate (PEM); repeatable',
    nl: 'vertrouw ook dit CA-certificaat (PEM); herhaalbaar',
  },
  'help.probe.no-dane': {
    en: 'skip DANE (TLSA records of the MX hosts, checked against their certificates)',
    nl: 'sla DANE over (TLSA-records van de MX-hosts, gecontroleerd tegen hun certificaten)',
  },
  'help.probe.no-mta-sts': {
    en: 'skip MTA-STS (policy fetched over HTTPS, checked against the MX hosts); TLS-RPT is skipped only with --no-dane too',
    nl: 'sla MTA-STS over (beleid via HTTPS opgehaald, gecontroleerd tegen de MX-hosts); TLS-RPT wordt alleen samen met --no-dane overgeslagen',
  },
  'help.probe.json': {
    en: 'print one JSON document (the probe contract) on stdout',
    nl: 'druk één JSON-document (het probe-contract) af op stdout',
  },
  'help.probe.lang': {
    en: 'language of human output: en or nl',
    nl: 'taal van de leesbare uitvoer: en of nl',
  },
  'help.registry.inputs': {
    en: '.reg files or reg query output, applied in order ("-" = stdin)',
    nl: '.reg-bestanden of uitvoer van reg query, in volgorde toegepast ("-" = stdin)',
  },
  'help.registry.json': {
    en: 'print one JSON document on stdout',
    nl: 'druk één JSON-document af op stdout',
  },
  'help.registry.lang': {
    en: 'language of human text: en or nl (default from LANG)',
    nl: 'taal van de leesbare tekst: en of nl (standaard uit LANG)',
  },
  'help.report.description': {
    en: 'Render mailtls JSON results (probe, listen, registry, logs, scan, explain) as one self-contained HTML page',
    nl: 'Zet JSON-resultaten van mailtls (probe, listen, registry, logs, scan, explain) om in één zelfstandige HTML-pagina',
  },
  'help.report.json-inputs': {
    en: 'result files (JSON or JSON lines); "-" reads standard input',
    nl: 'resultaatbestanden (JSON of JSON-regels); "-" leest standaardinvoer',
  },
  'help.report.html': {
    en: 'write the page to this file ("-" for standard output)',
    nl: 'schrijf de pagina naar dit bestand ("-" voor standaarduitvoer)',
  },
  'help.report.lang': {
    en: 'language of the page: en or nl (default from LANG)',
    nl: 'taal van de pagina: en of nl (standaard uit LANG)',
  },
  'help.report.title': {
    en: 'page title',
    nl: 'paginatitel',
  },
  'help.report.json': {
    en: 'print {html, verdict, kinds} instead of a sentence',
    nl: 'druk {html, verdict, kinds} af in plaats van een zin',
  },
  'help.scan.description': {
    en: 'Scan many domains or hosts (one per line, or a CSV column) into an SQLite file; resumable; JSON/CSV export; distributed with --queue.',
    nl: 'Scan veel domeinen of hosts (één per regel, of een CSV-kolom) naar een SQLite-bestand; hervatbaar; JSON/CSV-export; verdeeld met --queue.',
  },
  'help.scan.db': {
    en: 'SQLite results file (created, or resumed when it exists)',
    nl: 'SQLite-resultatenbestand (aangemaakt, of hervat als het bestaat)',
  },
  'help.scan.column': {
    en: 'CSV column holding the domain (header name or 1-based number)',
    nl: 'CSV-kolom met het domein (kopnaam of nummer vanaf 1)',
  },
  'help.scan.export': {
    en: 'after scanning, write the results as json or csv',
    nl: 'schrijf na het scannen de resultaten als json of csv',
  },
  'help.scan.out': {
    en: 'write the export to this file instead of stdout',
    nl: 'schrijf de export naar dit bestand in plaats van naar stdout',
  },
  'help.scan.concurrency': {
    en: 'probes in flight overall',
    nl: 'tests tegelijk in totaal',
  },
  'help.scan.per-ip': {
    en: 'probes in flight per IP address',
    nl: 'tests tegelijk per IP-adres',
  },
  'help.scan.per-ip-rate': {
    en: 'probe starts per second per IP address (0 = no limit)',
    nl: 'gestarte tests per seconde per IP-adres (0 = geen limiet)',
  },
  'help.scan.retry-failed': {
    en: 'look up again the targets whose DNS lookup failed and probe again the hosts that gave no answer (an earlier run with a broken resolver, a host that was down)',
    nl: 'zoek de doelen waarvan de DNS-opvraging mislukte opnieuw op en test de hosts die geen antwoord gaven opnieuw (een eerdere run met een kapotte resolver, een host die plat lag)',
  },
  'help.scan.retries': {
    en: 'retries after "421 busy / too many connections" before a host is recorded inconclusive',
    nl: 'nieuwe pogingen na "421 bezet / te veel verbindingen" voordat een host als onbeslist wordt vastgelegd',
  },
  'help.scan.retry-delay': {
    en: 'first back-off after a busy answer, doubled per retry',
    nl: 'eerste wachttijd na een bezet-antwoord, verdubbeld per poging',
  },
  'help.scan.queue': {
    en: 'put the host jobs on a BullMQ queue in Redis and let `mailtls worker` processes do them',
    nl: 'zet de hosttaken in een BullMQ-wachtrij in Redis en laat `mailtls worker`-processen ze uitvoeren',
  },
  'help.scan.queue-name': {
    en: 'BullMQ queue name',
    nl: 'naam van de BullMQ-wachtrij',
  },
  'help.scan.resolver': {
    en: 'DNS server to use',
    nl: 'te gebruiken DNS-server',
  },
  'help.scan.ehlo': {
    en: 'EHLO name',
    nl: 'EHLO-naam',
  },
  'help.scan.timeout': {
    en: 'deadline per step (connect, reply, handshake), e.g. 10s',
    nl: 'termijn per stap (verbinden, antwoord, handshake), bijv. 10s',
  },
  'help.scan.port': {
    en: 'SMTP port for targets without one (default 25)',
    nl: 'SMTP-poort voor doelen zonder poort (standaard 25)',
  },
  'help.scan.ciphers': {
    en: 'enumerate every accepted suite per version (slower, more connections)',
    nl: 'som elke geaccepteerde suite per versie op (trager, meer verbindingen)',
  },
  'help.scan.depth': {
    en: 'versions (version check + Exchange Online suite + certificate: fewest connections), standard (also a weak-suite hello per legacy version; default), ciphers (= --ciphers)',
    nl: 'versions (versiecontrole + Exchange Online-suite + certificaat: de minste verbindingen), standard (ook een hello met zwakke suites per verouderde versie; standaard), ciphers (= --ciphers)',
  },
  'help.scan.allow-private': {
    en: 'allow MX/A answers that point at private or loopback addresses',
    nl: 'sta MX/A-antwoorden toe die naar privé- of loopback-adressen wijzen',
  },
  'help.scan.json': {
    en: 'print the JSON export on stdout (same as --export json)',
    nl: 'druk de JSON-export af op stdout (hetzelfde als --export json)',
  },
  'help.scan.lang': {
    en: 'language of human output',
    nl: 'taal van de leesbare uitvoer',
  },
  'help.worker.description': {
    en: 'Take host jobs of `mailtls scan --queue` from Redis and probe them; run as many as you like, on any machine.',
    nl: 'Haal hosttaken van `mailtls scan --queue` uit Redis en test ze; start er zoveel als je wilt, op elke machine.',
  },
  'help.worker.queue': {
    en: 'the Redis of the scan, e.g. redis://10.0.0.5:6379',
    nl: 'de Redis van de scan, bijv. redis://10.0.0.5:6379',
  },
  'help.worker.concurrency': {
    en: 'jobs in flight in this worker (per-IP limits hold across all workers)',
    nl: 'taken tegelijk in deze worker (limieten per IP gelden over alle workers)',
  },
  'help.worker.allow-private': {
    en: 'accept jobs for private or loopback addresses (the scan cannot grant this)',
    nl: 'neem taken aan voor privé- of loopback-adressen (de scan kan dit niet toestaan)',
  },
  'help.worker.verbose': {
    en: 'print one line per host probed',
    nl: 'druk één regel af per geteste host',
  },
  'help.worker.json': {
    en: 'print one JSON line per host probed',
    nl: 'druk één JSON-regel af per geteste host',
  },
  'help.send.host': {
    en: 'the receiving server (default port 25)',
    nl: 'de ontvangende server (standaardpoort 25)',
  },
  'help.send.from': {
    en: 'envelope sender ("" for the null sender)',
    nl: 'envelop-afzender ("" voor de lege afzender)',
  },
  'help.send.to': {
    en: 'recipient (repeat for more)',
    nl: 'ontvanger (herhaal voor meer)',
  },
  'help.send.allow-private': {
    en: 'also send to private, loopback and link-local addresses',
    nl: 'verstuur ook naar privé-, loopback- en link-local-adressen',
  },
  'help.send.ehlo': {
    en: "EHLO name (default: this machine's name)",
    nl: 'EHLO-naam (standaard: de naam van deze machine)',
  },
  'help.send.timeout': {
    en: 'deadline per step in seconds',
    nl: 'termijn per stap in seconden',
  },
  'help.lab.scenario': {
    en: 'run only these scenarios (repeatable or comma-separated): {list}',
    nl: "voer alleen deze scenario's uit (herhaalbaar of kommagescheiden): {list}",
  },
  'help.listen.policy': {
    en: 'receiver behaviour: {list}',
    nl: 'gedrag van de ontvanger: {list}',
  },
  'help.send.policy': {
    en: 'how to send: {list}',
    nl: 'hoe te verzenden: {list}',
  },
};
