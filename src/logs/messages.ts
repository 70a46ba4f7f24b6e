// Finding texts and human-interface strings of logs, in English and Dutch (merged by src/cli/catalog.ts).
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';
import { catalogue } from '../findings/catalog.js';

const FIX_TLS12: Text = {
  en: 'Enable TLS 1.2 on that server or device (SCHANNEL "TLS 1.2\\Client" and "TLS 1.2\\Server" keys with Enabled=1 and DisabledByDefault=0, .NET SchUseStrongCrypto=1, then restart), or update its software/firmware. Run this command again afterwards: the peer should now show TLSv1.2.',
  nl: 'Schakel TLS 1.2 in op die server of dat apparaat (SCHANNEL-sleutels "TLS 1.2\\Client" en "TLS 1.2\\Server" met Enabled=1 en DisabledByDefault=0, .NET SchUseStrongCrypto=1, daarna opnieuw opstarten), of werk de software/firmware bij. Voer deze opdracht daarna opnieuw uit: de peer moet dan TLSv1.2 tonen.',
};
const CAUSE_OLD: Text = {
  en: 'The peer did not negotiate TLS 1.2. Exchange Online refuses TLS 1.0 and 1.1 on its mail-flow endpoints (MC229914) and never sends with them; once TLS 1.0/1.1 is turned off here too, this peer can no longer exchange mail over TLS.',
  nl: 'De peer heeft geen TLS 1.2 onderhandeld. Exchange Online weigert TLS 1.0 en 1.1 op zijn e-mailstroomeindpunten (MC229914) en verstuurt er nooit mee; zodra TLS 1.0/1.1 hier ook wordt uitgeschakeld, kan deze peer geen e-mail meer via TLS uitwisselen.',
};

export const findings = defineCatalog({
  'logs.tls10-peer': {
    severity: 'error',
    title: { en: 'Peer used TLS 1.0', nl: 'Peer gebruikte TLS 1.0' },
    message: {
      en: '{peer} ({direction}, {connector}) used TLS 1.0 in {count} of {sessions} sessions, last on {lastSeen}.',
      nl: '{peer} ({direction}, {connector}) gebruikte TLS 1.0 in {count} van {sessions} sessies, voor het laatst op {lastSeen}.',
    },
    cause: CAUSE_OLD,
    fix: FIX_TLS12,
    next: 'mailtls logs <logs> --peer <peer>',
  },
  'logs.tls11-peer': {
    severity: 'error',
    title: { en: 'Peer used TLS 1.1', nl: 'Peer gebruikte TLS 1.1' },
    message: {
      en: '{peer} ({direction}, {connector}) used TLS 1.1 in {count} of {sessions} sessions, last on {lastSeen}.',
      nl: '{peer} ({direction}, {connector}) gebruikte TLS 1.1 in {count} van {sessions} sessies, voor het laatst op {lastSeen}.',
    },
    cause: CAUSE_OLD,
    fix: FIX_TLS12,
    next: 'mailtls logs <logs> --peer <peer>',
  },
  'logs.ssl3-peer': {
    severity: 'error',
    title: { en: 'Peer used SSL 3.0', nl: 'Peer gebruikte SSL 3.0' },
    message: {
      en: '{peer} ({direction}, {connector}) used SSL 3.0 in {count} of {sessions} sessions, last on {lastSeen}.',
      nl: '{peer} ({direction}, {connector}) gebruikte SSL 3.0 in {count} van {sessions} sessies, voor het laatst op {lastSeen}.',
    },
    cause: CAUSE_OLD,
    fix: FIX_TLS12,
    next: 'mailtls logs <logs> --peer <peer>',
  },
  'logs.tls-failed-peer': {
    severity: 'error',
    title: { en: 'TLS failed with a peer', nl: 'TLS mislukte met een peer' },
    message: {
      en: '{peer} ({direction}, {connector}): {count} failed TLS attempts ({signatures}), last on {lastSeen}.',
      nl: '{peer} ({direction}, {connector}): {count} mislukte TLS-pogingen ({signatures}), voor het laatst op {lastSeen}.',
    },
    cause: {
      en: 'The TLS handshake with this peer failed: usually no common TLS version or cipher suite (one side only does TLS 1.0/1.1), or a certificate without a usable private key.',
      nl: 'De TLS-handshake met deze peer mislukte: meestal geen gemeenschappelijke TLS-versie of cipher suite (een van beide kanten kan alleen TLS 1.0/1.1), of een certificaat zonder bruikbare persoonlijke sleutel.',
    },
    fix: {
      en: 'Run `mailtls explain <signature>` for each signature shown, check the TLS settings of both sides, and test the peer with `mailtls probe` (outbound) or `mailtls listen` (inbound).',
      nl: 'Voer `mailtls explain <signature>` uit voor elke getoonde signature, controleer de TLS-instellingen van beide kanten en test de peer met `mailtls probe` (uitgaand) of `mailtls listen` (inkomend).',
    },
    next: 'mailtls probe <peer>',
  },
  'logs.no-tls-peer': {
    severity: 'warning',
    title: { en: 'Peer exchanged mail without TLS', nl: 'Peer wisselde e-mail uit zonder TLS' },
    message: {
      en: '{peer} ({direction}, {connector}): {count} of {sessions} sessions without TLS, last on {lastSeen}.',
      nl: '{peer} ({direction}, {connector}): {count} van {sessions} sessies zonder TLS, voor het laatst op {lastSeen}.',
    },
    cause: {
      en: 'STARTTLS was not offered or not used. Exchange retries without STARTTLS after a failed TLS negotiation unless TLS is required, so a version mismatch can end as plaintext mail.',
      nl: 'STARTTLS werd niet aangeboden of niet gebruikt. Exchange probeert het na een mislukte TLS-onderhandeling opnieuw zonder STARTTLS, tenzij TLS verplicht is; een versieconflict kan dus eindigen als onversleutelde e-mail.',
    },
  },
  'logs.signature': {
    severity: 'error',
    title: { en: 'Known error signature in the logs', nl: 'Bekende foutsignatuur in de logboeken' },
    message: {
      en: '{title}: seen {count}×, peers: {peers}. Details: mailtls explain {signature}',
      nl: '{title}: {count}× gezien, peers: {peers}. Uitleg: mailtls explain {signature}',
    },
  },
  'logs.more-peers': {
    severity: 'info',
    title: { en: 'More peers', nl: 'Meer peers' },
    message: {
      en: '…and {count} more peers with {id} (see --json or --csv).',
      nl: '…en nog {count} peers met {id} (zie --json of --csv).',
    },
  },
  'logs.malformed-lines': {
    severity: 'warning',
    title: { en: 'Unreadable lines', nl: 'Onleesbare regels' },
    message: {
      en: '{count} lines were not understood (too long, malformed or of an unknown kind) and were skipped; first at {sample}.',
      nl: '{count} regels werden niet begrepen (te lang, onjuist opgemaakt of van een onbekende soort) en zijn overgeslagen; de eerste op {sample}.',
    },
  },
  'logs.local-tls-setup': {
    severity: 'error',
    title: { en: 'This server cannot do TLS (its own certificate or key)', nl: 'Deze server kan geen TLS (eigen certificaat of sleutel)' },
    message: {
      en: '{mta} on this server could not load its own TLS certificate or key ({count} lines in {file}, from {since} to {lastSeen}): it offers no STARTTLS, or every TLS attempt fails, for every peer. First line: {sample}',
      nl: '{mta} op deze server kon zijn eigen TLS-certificaat of -sleutel niet laden ({count} regels in {file}, van {since} tot {lastSeen}): hij biedt geen STARTTLS aan, of elke TLS-poging mislukt, voor elke peer. Eerste regel: {sample}',
    },
    cause: {
      en: 'A local problem, not the peer\'s: the certificate or key file named in the line is missing, unreadable for the mail server\'s user, not PEM, or the key does not match the certificate. Postfix then logs "disabling TLS support" and stops offering STARTTLS; Exim logs "cert/key setup" on each connection that tries TLS.',
      nl: 'Een lokaal probleem, niet van de peer: het certificaat- of sleutelbestand uit de regel ontbreekt, is niet leesbaar voor de gebruiker van de mailserver, is geen PEM, of de sleutel hoort niet bij het certificaat. Postfix logt dan "disabling TLS support" en biedt geen STARTTLS meer aan; Exim logt "cert/key setup" bij elke verbinding die TLS probeert.',
    },
    fix: {
      en: 'Check the file named in the line (path, permissions for the postfix/exim user, PEM format, `openssl x509 -noout -modulus` equal for certificate and key), fix smtpd_tls_cert_file/smtpd_tls_key_file (Postfix), tls_certificate/tls_privatekey (Exim) or confSERVER_CERT/confSERVER_KEY (Sendmail), reload the service, then test with `mailtls probe <this server>`.',
      nl: 'Controleer het bestand uit de regel (pad, rechten voor de postfix/exim-gebruiker, PEM-indeling, `openssl x509 -noout -modulus` gelijk voor certificaat en sleutel), herstel smtpd_tls_cert_file/smtpd_tls_key_file (Postfix), tls_certificate/tls_privatekey (Exim) of confSERVER_CERT/confSERVER_KEY (Sendmail), laad de dienst opnieuw en test met `mailtls probe <deze server>`.',
    },
    next: 'mailtls probe <this server>',
  },
  'logs.unknown-version': {
    severity: 'warning',
    title: { en: 'TLS sessions without a logged version', nl: 'TLS-sessies zonder gelogde versie' },
    message: {
      en: '{count} TLS sessions do not show which TLS version was negotiated: they may have used TLS 1.0 or 1.1, so this is no all-clear.',
      nl: '{count} TLS-sessies tonen niet welke TLS-versie is onderhandeld: ze kunnen TLS 1.0 of 1.1 hebben gebruikt, dit is dus geen vrijbrief.',
    },
    cause: {
      en: 'The log does not record the negotiated version: Postfix without smtpd_tls_loglevel/smtp_tls_loglevel = 1 only logs "starttls=1"; Sendmail\'s "version=TLSv1/SSLv3" is OpenSSL\'s name for the cipher family, not the version; Exim "P=esmtps" without X=; Exchange below verbose protocol logging.',
      nl: 'Het logboek legt de onderhandelde versie niet vast: Postfix zonder smtpd_tls_loglevel/smtp_tls_loglevel = 1 logt alleen "starttls=1"; Sendmails "version=TLSv1/SSLv3" is OpenSSL\'s naam voor de cipherfamilie, niet de versie; Exim "P=esmtps" zonder X=; Exchange onder uitgebreide (verbose) protocollogging.',
    },
    fix: {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Sendmail's ${tls_version} macro, written as Sendmail spells it
      en: 'Get the version logged, then run this again: Postfix `postconf -e smtpd_tls_loglevel=1 smtp_tls_loglevel=1 && postfix reload`; Sendmail: log the ${tls_version} macro (e.g. in a Local_check_* ruleset or with a newer sendmail/OpenSSL that prints version=TLSv1.2); Exim: keep log_selector +tls_cipher; Exchange: Set-ReceiveConnector/Set-SendConnector -ProtocolLoggingLevel Verbose. Meanwhile test the peers with `mailtls probe`.',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Sendmail's ${tls_version} macro, written as Sendmail spells it
      nl: 'Laat de versie loggen en voer dit daarna opnieuw uit: Postfix `postconf -e smtpd_tls_loglevel=1 smtp_tls_loglevel=1 && postfix reload`; Sendmail: log de macro ${tls_version} (bijv. in een Local_check_*-ruleset of met een nieuwere sendmail/OpenSSL die version=TLSv1.2 toont); Exim: behoud log_selector +tls_cipher; Exchange: Set-ReceiveConnector/Set-SendConnector -ProtocolLoggingLevel Verbose. Test intussen de peers met `mailtls probe`.',
    },
  },
  'logs.tls-lines-not-used': {
    severity: 'warning',
    title: { en: 'Lines about TLS were not understood', nl: 'Regels over TLS werden niet begrepen' },
    message: {
      en: '{count} lines mention TLS/SSL but were not read as part of a session, so this report may miss TLS failures or old versions. First: {sample}',
      nl: '{count} regels noemen TLS/SSL maar zijn niet als deel van een sessie gelezen; dit rapport kan dus TLS-fouten of oude versies missen. Eerste: {sample}',
    },
    cause: {
      en: 'The lines are of a kind this tool does not read yet (another log format, a prefix it does not know, or a message it has no rule for).',
      nl: 'De regels zijn van een soort die dit hulpmiddel nog niet leest (een andere logindeling, een onbekend voorvoegsel of een melding zonder regel).',
    },
    fix: {
      en: 'Look at the sample lines (--json: tlsLinesNotUsedSamples); strip the prefix (e.g. `cut -d"|" -f2-`) or give the MTA\'s own log file, and report the line shape to the mailtls maintainers.',
      nl: 'Bekijk de voorbeeldregels (--json: tlsLinesNotUsedSamples); verwijder het voorvoegsel (bijv. `cut -d"|" -f2-`) of geef het eigen logbestand van de MTA op, en meld de regelvorm aan de beheerders van mailtls.',
    },
  },
  'logs.file-not-mta': {
    severity: 'warning',
    title: { en: 'Not an SMTP log', nl: 'Geen SMTP-logboek' },
    message: {
      en: '{file}: this is {detected}, not a log this tool reads (Exchange SMTP protocol logs, Postfix, Exim, Sendmail); it was skipped.',
      nl: '{file}: dit is {detected}, geen logboek dat dit hulpmiddel leest (Exchange SMTP-protocollogboeken, Postfix, Exim, Sendmail); het is overgeslagen.',
    },
  },
  'logs.file-unreadable': {
    severity: 'warning',
    title: { en: 'Input could not be read completely', nl: 'Invoer kon niet volledig worden gelezen' },
    message: {
      en: '{file}: {reason}. Whatever came before the problem was analysed.',
      nl: '{file}: {reason}. Wat vóór het probleem stond, is wel geanalyseerd.',
    },
  },
  'logs.truncated-line': {
    severity: 'warning',
    title: { en: 'The last line is cut off', nl: 'De laatste regel is afgebroken' },
    message: {
      en: '{file}:{line}: the file ends in the middle of a line (cut off, or still being written); {used}. Whatever came after the cut is not in this report, so it is no all-clear: read the whole file again.',
      nl: '{file}:{line}: het bestand eindigt midden in een regel (afgebroken, of wordt nog geschreven); {used}. Wat na de breuk kwam, staat niet in dit rapport, dit is dus geen vrijbrief: lees het hele bestand opnieuw.',
    },
  },
  'logs.file-unrecognized': {
    severity: 'warning',
    title: { en: 'Unknown file format', nl: 'Onbekende bestandsindeling' },
    message: {
      en: '{file}: {reason}; no Exchange, Postfix, Exim or Sendmail lines were recognised.',
      nl: '{file}: {reason}; er zijn geen Exchange-, Postfix-, Exim- of Sendmail-regels herkend.',
    },
  },
  'logs.no-tls-data': {
    severity: 'info',
    title: { en: 'The logs contain no TLS details', nl: 'De logboeken bevatten geen TLS-gegevens' },
    message: {
      en: '{sessions} sessions but not one TLS line. Exchange writes TLS lines only with -ProtocolLoggingLevel Verbose on the connector; Postfix only with smtpd_tls_loglevel / smtp_tls_loglevel = 1.',
      nl: '{sessions} sessies maar geen enkele TLS-regel. Exchange schrijft TLS-regels alleen met -ProtocolLoggingLevel Verbose op de connector; Postfix alleen met smtpd_tls_loglevel / smtp_tls_loglevel = 1.',
    },
  },
  'logs.clean': {
    severity: 'info',
    title: { en: 'No legacy TLS and no TLS failures', nl: 'Geen verouderde TLS en geen TLS-fouten' },
    message: {
      en: 'No peer used SSL 3.0, TLS 1.0 or TLS 1.1 and no TLS handshake failed in {sessions} sessions.',
      nl: 'Geen enkele peer gebruikte SSL 3.0, TLS 1.0 of TLS 1.1 en geen TLS-handshake mislukte in {sessions} sessies.',
    },
  },
  'logs.no-sessions': {
    severity: 'info',
    title: { en: 'No sessions found', nl: 'Geen sessies gevonden' },
    message: {
      en: 'No SMTP sessions were found in {lines} lines (check the files, --since/--until and --peer).',
      nl: 'Er zijn geen SMTP-sessies gevonden in {lines} regels (controleer de bestanden, --since/--until en --peer).',
    },
  },
});

export const ui: Record<string, Text> = {
  'logs.file-error.truncatedGzip': { en: 'truncated gzip data', nl: 'afgebroken gzip-gegevens' },
  'logs.file-error.binary': { en: 'binary data, not a text log', nl: 'binaire gegevens, geen tekstlogboek' },
  'logs.file-error.unknownFormat': { en: 'no known log format', nl: 'geen bekende logindeling' },
  'logs.file-error.notSmtp': { en: 'not an SMTP log: {detected}', nl: 'geen SMTP-logboek: {detected}' },
  'logs.other.exchange-other': {
    en: 'an Exchange {logType} (not an SMTP Send/Receive protocol log)',
    nl: 'een Exchange-logboek "{logType}" (geen SMTP-protocollogboek van verzenden of ontvangen)',
  },
  'logs.other.dovecot': { en: 'a Dovecot (IMAP/POP3) log', nl: 'een Dovecot-logboek (IMAP/POP3)' },
  'logs.other.assp': { en: 'an ASSP (anti-spam proxy) log', nl: 'een ASSP-logboek (antispamproxy)' },
  'logs.other.syslog': {
    en: 'syslog lines of {programs} (no Postfix, Exim or Sendmail lines)',
    nl: 'syslogregels van {programs} (geen regels van Postfix, Exim of Sendmail)',
  },
  'logs.reason.binary': { en: 'binary', nl: 'binair' },
  'logs.reason.exchange-fields': { en: 'Exchange row with wrong fields', nl: 'Exchange-rij met onjuiste velden' },
  'logs.reason.exchange-tls-line': { en: 'Exchange TLS line not understood', nl: 'Exchange-TLS-regel niet begrepen' },
  'logs.reason.line-too-long': { en: 'line too long', nl: 'regel te lang' },
  'logs.reason.not-an-smtp-log': { en: 'not an SMTP log', nl: 'geen SMTP-logboek' },
  'logs.reason.truncated-line': { en: 'cut-off last line', nl: 'afgebroken laatste regel' },
  'logs.reason.unknown-format': { en: 'unknown format', nl: 'onbekende indeling' },
  'logs.reason.unrecognised': { en: 'unrecognised', nl: 'niet herkend' },
  'logs.reason.tls-line-not-used': { en: 'TLS line not used', nl: 'TLS-regel niet gebruikt' },
  'logs.cut.used': {
    en: 'what was readable of it was used (the TLS version; the cipher suite may be missing)',
    nl: 'wat ervan leesbaar was, is gebruikt (de TLS-versie; de cipher suite kan ontbreken)',
  },
  'logs.cut.unused': {
    en: 'what is left of it could not be read and is counted as not understood',
    nl: 'wat ervan over is, kon niet worden gelezen en telt als niet begrepen',
  },
  'logs.col.peer': { en: 'Peer', nl: 'Peer' },
  'logs.col.dir': { en: 'Dir', nl: 'Richting' },
  'logs.col.connector': { en: 'Connector', nl: 'Connector' },
  'logs.col.sessions': { en: 'Sessions', nl: 'Sessies' },
  'logs.col.versions': { en: 'TLS versions', nl: 'TLS-versies' },
  'logs.col.notls': { en: 'No TLS', nl: 'Geen TLS' },
  'logs.col.failures': { en: 'Failed', nl: 'Mislukt' },
  'logs.col.signatures': { en: 'Signatures', nl: 'Signaturen' },
  'logs.col.lastseen': { en: 'Last seen', nl: 'Laatst gezien' },
  'logs.dir.inbound': { en: 'in', nl: 'in' },
  'logs.dir.outbound': { en: 'out', nl: 'uit' },
  'logs.dir.inbound.long': { en: 'inbound', nl: 'inkomend' },
  'logs.dir.outbound.long': { en: 'outbound', nl: 'uitgaand' },
  'logs.summary': {
    en: '{files} files, {lines} lines ({mb} MB) in {secs} s: {peers} peers, {sessions} sessions, {tls} with TLS, {notls} without, {failures} failed.',
    nl: '{files} bestanden, {lines} regels ({mb} MB) in {secs} s: {peers} peers, {sessions} sessies, {tls} met TLS, {notls} zonder, {failures} mislukt.',
  },
  'logs.versions': { en: 'Sessions per TLS version: {list}', nl: 'Sessies per TLS-versie: {list}' },
  'logs.series': { en: 'Per day (UTC):', nl: 'Per dag (UTC):' },
  'logs.findings': { en: 'Findings:', nl: 'Bevindingen:' },
  'logs.more-rows': {
    en: '…{count} more peers (use --json or --csv for all, or --peer to narrow down).',
    nl: '…nog {count} peers (gebruik --json of --csv voor alle, of --peer om te filteren).',
  },
  'logs.malformed-sample': { en: '  {file}:{line} ({reason}): {text}', nl: '  {file}:{line} ({reason}): {text}' },
  'logs.none': { en: 'none', nl: 'geen' },
  'logs.unknown-version': { en: 'unknown', nl: 'onbekend' },
  'logs.progress': { en: 'reading logs', nl: 'logboeken lezen' },
  'logs.err.nothing-read': { en: 'nothing could be read: {reason}', nl: 'er kon niets worden gelezen: {reason}' },
  'logs.err.incomplete': {
    en: 'no all-clear: the logs could not be checked completely ({ids}); see the findings, fix what they say and run this again',
    nl: 'geen vrijbrief: de logboeken konden niet volledig worden gecontroleerd ({ids}); zie de bevindingen, herstel wat ze noemen en voer dit opnieuw uit',
  },
  'logs.err.no-input': { en: 'no log files found in {inputs}', nl: 'geen logbestanden gevonden in {inputs}' },
  'logs.err.bad-date': {
    en: '{option}: "{value}" is not a date (use e.g. 2024-05-01 or 2024-05-01T12:00:00Z)',
    nl: '{option}: "{value}" is geen datum (gebruik bijvoorbeeld 2024-05-01 of 2024-05-01T12:00:00Z)',
  },
  'logs.err.csv-json': { en: '--csv and --json cannot be combined', nl: '--csv en --json kunnen niet samen worden gebruikt' },
  'logs.sig.socket-error-421': { en: '421 4.4.2 Connection dropped due to SocketError', nl: '421 4.4.2 Verbinding verbroken door SocketError' },
  'logs.sig.tls-negotiation-failed': { en: 'TLS negotiation failed (Exchange)', nl: 'TLS-onderhandeling mislukt (Exchange)' },
  'logs.sig.tls-no-credentials': { en: 'TLS negotiation failed with error NoCredentials', nl: 'TLS-onderhandeling mislukt met fout NoCredentials' },
  'logs.sig.tls-unknown-credentials': {
    en: 'TLS negotiation failed with error UnknownCredentials',
    nl: 'TLS-onderhandeling mislukt met fout UnknownCredentials',
  },
  'logs.sig.must-issue-starttls': { en: 'Must issue a STARTTLS command first', nl: 'Eerst moet een STARTTLS-opdracht worden gegeven' },
  'logs.sig.must-issue-starttls-530': {
    en: 'Postfix: 530 5.7.0 Must issue a STARTTLS command first',
    nl: 'Postfix: 530 5.7.0 Must issue a STARTTLS command first (STARTTLS vereist)',
  },
  'logs.sig.starttls-required': { en: '451 5.7.3 STARTTLS is required to send mail', nl: '451 5.7.3 STARTTLS is vereist om e-mail te verzenden' },
  'logs.sig.4-4-317': { en: '450 4.4.317 Cannot connect to remote server', nl: '450 4.4.317 Kan geen verbinding maken met de externe server' },
  'logs.sig.4-7-66': { en: '421 4.7.66 TLS 1.0 and 1.1 are not supported', nl: '421 4.7.66 TLS 1.0 en 1.1 worden niet ondersteund' },
  'logs.sig.version-too-low': { en: 'OpenSSL: version too low', nl: 'OpenSSL: versie te laag (version too low)' },
  'logs.sig.unsupported-protocol': { en: 'OpenSSL: unsupported protocol', nl: 'OpenSSL: niet-ondersteund protocol (unsupported protocol)' },
  'logs.sig.wrong-version-number': { en: 'OpenSSL: wrong version number', nl: 'OpenSSL: verkeerd versienummer (wrong version number)' },
  'logs.sig.alert-protocol-version': { en: 'TLS alert 70 protocol_version', nl: 'TLS-alert 70 protocol_version' },
  'logs.sig.ssl-accept-error': { en: 'Postfix SSL_accept error (inbound handshake)', nl: 'Postfix SSL_accept-fout (inkomende handshake)' },
  'logs.sig.ssl-connect-error': { en: 'Postfix SSL_connect error (outbound handshake)', nl: 'Postfix SSL_connect-fout (uitgaande handshake)' },
  'logs.sig.cannot-start-tls': { en: 'Postfix: Cannot start TLS', nl: 'Postfix: kan TLS niet starten (Cannot start TLS)' },
  'logs.sig.tls-required-not-offered': {
    en: 'Postfix: TLS is required, but the peer did not do it',
    nl: 'Postfix: TLS is vereist, maar de peer deed het niet',
  },
  'logs.sig.exim-tls-error': { en: 'Exim TLS error', nl: 'Exim TLS-fout' },
  'logs.sig.sendmail-starttls-error': { en: 'Sendmail STARTTLS error', nl: 'Sendmail STARTTLS-fout' },
  'logs.sig.tls-handshake-failed-403': { en: 'Sendmail 403 4.7.0 TLS handshake failed', nl: 'Sendmail 403 4.7.0 TLS-handshake mislukt' },
};

/** What the log analysis renders. */
export const { finding, entry, text } = catalogue({ name: 'logs', findings, ui });
/** A finding id this capability renders. */
export type FindingId = Parameters<typeof finding>[0];
