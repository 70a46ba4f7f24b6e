// Finding texts and human-interface strings of probe, in English and Dutch (merged by src/cli/catalog.ts).
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';
import { catalogue } from '../findings/catalog.js';
import * as smtp from '../smtp/messages.js';
import * as tls from '../tls/messages.js';
import * as connector from './connector-messages.js';

const NEXT = 'mailtls probe <domain>';

export const findings = defineCatalog({
  // --- DNS ---------------------------------------------------------------------------------------------------
  'dns.nxdomain': {
    severity: 'error',
    title: { en: 'Name does not exist', nl: 'Naam bestaat niet' },
    message: { en: '{name} does not exist in DNS', nl: '{name} bestaat niet in DNS' },
    fix: {
      en: 'Check the spelling, or use --resolver to ask the DNS server that serves this zone.',
      nl: 'Controleer de spelling, of gebruik --resolver om de DNS-server van deze zone te vragen.',
    },
  },
  // kept for results stored by earlier versions (scan databases): the lookups now report the specific ids below
  'dns.lookup-failed': {
    severity: 'error',
    title: { en: 'DNS lookup failed', nl: 'DNS-opvraging mislukt' },
    message: { en: '{reason}', nl: '{reason}' },
  },
  'dns.mx-lookup-failed': {
    severity: 'error',
    title: { en: 'MX lookup failed', nl: 'MX-opvraging mislukt' },
    message: {
      en: 'the MX lookup for {name} failed ({answer}); nothing could be tested',
      nl: 'de MX-opvraging voor {name} is mislukt ({answer}); er kon niets getest worden',
    },
    cause: {
      en: "The DNS server (or the zone's name servers behind it) failed, refused or did not answer. Senders such as Exchange Online then queue the mail and retry; they do not fall back to the A record.",
      nl: 'De DNS-server (of de naamservers van de zone erachter) faalde, weigerde of antwoordde niet. Verzenders zoals Exchange Online zetten de mail dan in de wachtrij en proberen het later; ze vallen niet terug op het A-record.',
    },
    fix: {
      en: "Check the zone's name servers (dig MX <domain> @<each NS>) and DNSSEC signatures; run the probe again, or with --resolver pointing at a working resolver.",
      nl: 'Controleer de naamservers van de zone (dig MX <domein> @<elke NS>) en de DNSSEC-handtekeningen; voer de test opnieuw uit, of met --resolver naar een werkende resolver.',
    },
  },
  'dns.address-lookup-failed': {
    severity: 'warning',
    title: { en: 'One address lookup failed', nl: 'Eén adresopvraging mislukt' },
    message: {
      en: 'the {type} lookup for {host} failed ({answer}); went on with its {other} addresses',
      nl: 'de {type}-opvraging voor {host} is mislukt ({answer}); verder met de {other}-adressen',
    },
    cause: {
      en: 'The DNS server answered one record type with an error, nothing or unreadable bytes, while the other type resolved. Broken resolvers, middleboxes and some name servers do this for AAAA. Senders use the addresses they did get, so mail still flows; senders that need the failed type may retry or skip this host.',
      nl: 'De DNS-server beantwoordde één recordtype met een fout, niets of onleesbare bytes, terwijl het andere type wel werkte. Kapotte resolvers, middleboxes en sommige naamservers doen dit voor AAAA. Verzenders gebruiken de adressen die ze wel kregen, dus mail komt aan; verzenders die het mislukte type nodig hebben, proberen later opnieuw of slaan deze host over.',
    },
    fix: {
      en: "Make the host's name servers answer {type} queries with the record or with an empty NOERROR answer (NODATA), never SERVFAIL, REFUSED or silence; check with dig {type} {host} @<each NS>.",
      nl: 'Laat de naamservers van de host {type}-vragen beantwoorden met het record of met een leeg NOERROR-antwoord (NODATA), nooit met SERVFAIL, REFUSED of stilte; controleer met dig {type} {host} @<elke NS>.',
    },
  },
  'dns.host-lookup-failed': {
    severity: 'error',
    title: { en: 'Mail host could not be looked up', nl: 'Mailserver kon niet opgezocht worden' },
    message: {
      en: 'no address of {host} could be looked up ({answers}); this host was not tested',
      nl: 'geen adres van {host} kon opgezocht worden ({answers}); deze host is niet getest',
    },
    cause: {
      en: 'Both the A and the AAAA lookup failed or gave nothing usable. Senders queue mail for this host and retry later.',
      nl: 'Zowel de A- als de AAAA-opvraging mislukte of gaf niets bruikbaars. Verzenders zetten mail voor deze host in de wachtrij en proberen het later.',
    },
    fix: {
      en: "Check the host's name servers (dig A {host} and dig AAAA {host} @<each NS>), then run the probe again.",
      nl: 'Controleer de naamservers van de host (dig A {host} en dig AAAA {host} @<elke NS>) en voer de test daarna opnieuw uit.',
    },
    next: NEXT,
  },
  'dns.mx-cname': {
    severity: 'warning',
    title: { en: 'MX points at a CNAME', nl: 'MX wijst naar een CNAME' },
    message: {
      en: 'MX host {host} is an alias (CNAME: {chain}); probed the addresses of {target}',
      nl: 'MX-host {host} is een alias (CNAME: {chain}); de adressen van {target} zijn getest',
    },
    cause: {
      en: 'RFC 5321 §5.1 and RFC 2181 §10.3 say an MX must name a host with its own A/AAAA record, not an alias. Most senders follow the alias anyway; some refuse or misjudge it (for DANE and MTA-STS the MX name is what counts).',
      nl: 'RFC 5321 §5.1 en RFC 2181 §10.3 zeggen dat een MX naar een host met een eigen A/AAAA-record moet wijzen, niet naar een alias. De meeste verzenders volgen de alias toch; sommige weigeren dat of beoordelen het verkeerd (voor DANE en MTA-STS telt de MX-naam).',
    },
    fix: {
      en: 'Point the MX record at {target} itself, or give {host} its own A/AAAA records instead of the CNAME.',
      nl: 'Laat het MX-record direct naar {target} wijzen, of geef {host} eigen A/AAAA-records in plaats van de CNAME.',
    },
  },
  'dns.mx-host-nxdomain': {
    severity: 'error',
    title: { en: 'MX host does not exist', nl: 'MX-host bestaat niet' },
    message: {
      en: 'MX host {host} does not exist in DNS (NXDOMAIN): senders cannot reach it',
      nl: 'MX-host {host} bestaat niet in DNS (NXDOMAIN): verzenders kunnen hem niet bereiken',
    },
    cause: {
      en: 'The MX record names a host that is not in DNS at all (a typo, a removed record, or a zone that is not delegated). A host that exists without an address is reported as "no address" instead.',
      nl: 'Het MX-record noemt een host die helemaal niet in DNS staat (een typefout, een verwijderd record of een zone die niet gedelegeerd is). Een host die wel bestaat maar geen adres heeft, wordt als "geen adres" gemeld.',
    },
    fix: { en: 'Correct the MX record, or publish A/AAAA records for {host}.', nl: 'Corrigeer het MX-record, of publiceer A/AAAA-records voor {host}.' },
  },
  'dns.null-mx': {
    severity: 'info',
    title: { en: 'Domain accepts no mail (null MX)', nl: 'Domein ontvangt geen mail (null-MX)' },
    message: {
      en: '{name} publishes a null MX (RFC 7505): it accepts no mail, so there is no server to test',
      nl: '{name} publiceert een null-MX (RFC 7505): het domein ontvangt geen mail, er is dus geen server om te testen',
    },
  },
  'dns.no-address': {
    severity: 'error',
    title: { en: 'Mail host has no address', nl: 'Mailserver heeft geen adres' },
    message: { en: '{host} has no A or AAAA record: senders cannot reach it', nl: '{host} heeft geen A- of AAAA-record: verzenders kunnen hem niet bereiken' },
    fix: {
      en: 'Publish an A (and AAAA) record for the MX host, or point the MX at a host that has one.',
      nl: 'Publiceer een A- (en AAAA-)record voor de MX-host, of laat het MX-record naar een host met een adres wijzen.',
    },
  },
  'dns.address-refused': {
    severity: 'warning',
    title: { en: 'Non-public address not probed', nl: 'Niet-publiek adres niet getest' },
    message: {
      en: '{host} resolves to {ip}, a {class} address; not probed (add --allow-private to probe it)',
      nl: '{host} verwijst naar {ip}, een {class} adres; niet getest (voeg --allow-private toe om het te testen)',
    },
    cause: {
      en: 'Exchange Online cannot reach private, loopback or link-local addresses, and probing them from a scanner is a classic abuse path.',
      nl: 'Exchange Online kan private, loopback- of link-local-adressen niet bereiken, en zulke adressen scannen is een bekend misbruikpad.',
    },
  },
  'dns.mx-capped': {
    severity: 'warning',
    title: { en: 'Too many MX hosts', nl: 'Te veel MX-hosts' },
    message: {
      en: '{name} lists {total} MX hosts; only the first {max} by preference were probed',
      nl: '{name} heeft {total} MX-hosts; alleen de eerste {max} op voorkeur zijn getest',
    },
  },
  'dns.addresses-capped': {
    severity: 'info',
    title: { en: 'Many addresses', nl: 'Veel adressen' },
    message: { en: '{host} has {total} addresses; only the first {max} were probed', nl: '{host} heeft {total} adressen; alleen de eerste {max} zijn getest' },
  },
  'dns.a-fallback': {
    severity: 'info',
    title: { en: 'No MX record', nl: 'Geen MX-record' },
    message: {
      en: '{name} has no MX record; senders deliver to its A/AAAA address instead',
      nl: '{name} heeft geen MX-record; verzenders leveren dan af op het A/AAAA-adres',
    },
  },
  // --- SMTP --------------------------------------------------------------------------------------------------
  'smtp.throttled': {
    severity: 'warning',
    title: { en: 'Server is rate-limiting', nl: 'Server beperkt verbindingen' },
    message: {
      en: '{endpoint} answered "{reply}" during {during}: busy or rate-limited, so the result is inconclusive (not "no TLS")',
      nl: '{endpoint} antwoordde "{reply}" tijdens {during}: bezet of verbindingen beperkt, het resultaat is dus onbeslist (niet "geen TLS")',
    },
    fix: {
      en: 'Run the probe again later, or from an address the server trusts.',
      nl: 'Voer de test later opnieuw uit, of vanaf een adres dat de server vertrouwt.',
    },
  },
  'smtp.helo-only': {
    severity: 'error',
    title: { en: 'No ESMTP', nl: 'Geen ESMTP' },
    message: {
      en: '{endpoint} refused EHLO and only speaks HELO: no STARTTLS possible',
      nl: '{endpoint} weigerde EHLO en spreekt alleen HELO: STARTTLS is niet mogelijk',
    },
    cause: {
      en: 'A very old MTA, ESMTP switched off, or an SMTP proxy or firewall inspection in front of the server that refuses EHLO.',
      nl: 'Een zeer oude MTA, ESMTP uitgeschakeld, of een SMTP-proxy of firewall-inspectie voor de server die EHLO weigert.',
    },
    fix: {
      en: 'Enable ESMTP on the server and let EHLO through any proxy or firewall inspection in front of it, then enable STARTTLS with TLS 1.2.',
      nl: 'Zet ESMTP aan op de server en laat EHLO door een proxy of firewall-inspectie ervoor, zet daarna STARTTLS met TLS 1.2 aan.',
    },
  },
  // --- STARTTLS ----------------------------------------------------------------------------------------------
  'starttls.masked': {
    severity: 'error',
    title: { en: 'STARTTLS masked by a firewall', nl: 'STARTTLS verborgen door een firewall' },
    message: {
      en: '{endpoint} lists "XXXXXXXA" instead of STARTTLS: a firewall (Cisco ASA/PIX ESMTP inspection) hides TLS',
      nl: '{endpoint} toont "XXXXXXXA" in plaats van STARTTLS: een firewall (Cisco ASA/PIX ESMTP-inspectie) verbergt TLS',
    },
    fix: { en: 'Turn off ESMTP inspection (`no inspect esmtp`) on the firewall.', nl: 'Zet ESMTP-inspectie uit (`no inspect esmtp`) op de firewall.' },
  },
  // --- TLS versions and suites -------------------------------------------------------------------------------
  'tls.tls12-not-offered': {
    severity: 'error',
    title: { en: 'No TLS 1.2 or 1.3', nl: 'Geen TLS 1.2 of 1.3' },
    message: {
      en: '{endpoint} accepts neither TLS 1.2 nor TLS 1.3 (accepts: {accepted}): Exchange Online cannot deliver over TLS (421 4.4.2 Connection dropped due to SocketError)',
      nl: '{endpoint} accepteert TLS 1.2 noch TLS 1.3 (wel: {accepted}): Exchange Online kan niet via TLS afleveren (421 4.4.2 Connection dropped due to SocketError)',
    },
    cause: {
      en: 'TLS 1.2 is disabled in SCHANNEL (Windows) or in the MTA configuration; Exchange Online refuses TLS 1.0 and 1.1 since January 2021.',
      nl: 'TLS 1.2 staat uit in SCHANNEL (Windows) of in de MTA-configuratie; Exchange Online weigert TLS 1.0 en 1.1 sinds januari 2021.',
    },
    fix: {
      en: 'Windows: set HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server (and \\Client) Enabled=1, DisabledByDefault=0, restart; update Windows and Exchange. Postfix: allow TLSv1.2 in smtpd_tls_protocols.',
      nl: 'Windows: zet HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server (en \\Client) Enabled=1, DisabledByDefault=0, herstart; werk Windows en Exchange bij. Postfix: sta TLSv1.2 toe in smtpd_tls_protocols.',
    },
    next: NEXT,
  },
  'tls.no-common-suite': {
    severity: 'error',
    title: { en: 'No suite Exchange Online uses', nl: 'Geen suite die Exchange Online gebruikt' },
    message: {
      en: '{endpoint} accepts TLS 1.2 but none of the suites Exchange Online offers (it chose {suites}): the handshake fails',
      nl: '{endpoint} accepteert TLS 1.2 maar geen van de suites die Exchange Online aanbiedt (koos {suites}): de handshake mislukt',
    },
    cause: {
      en: 'All Exchange Online suites are RSA-authenticated AES (ECDHE or RSA key exchange); an ECDSA-only certificate or a CHACHA20/DHE-only list has no overlap.',
      nl: 'Alle suites van Exchange Online zijn AES met RSA-authenticatie (ECDHE- of RSA-sleuteluitwisseling); een certificaat met alleen ECDSA of een lijst met alleen CHACHA20/DHE heeft geen overlap.',
    },
    fix: {
      en: 'Enable TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 and TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 with an RSA certificate.',
      nl: 'Zet TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 en TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 aan, met een RSA-certificaat.',
    },
  },
  'tls.tls13-no-common-suite': {
    severity: 'error',
    title: { en: 'TLS 1.3 only, without a suite Exchange Online uses', nl: 'Alleen TLS 1.3, zonder suite die Exchange Online gebruikt' },
    message: {
      en: '{endpoint} accepts only TLS 1.3, and none of the TLS 1.3 suites Exchange Online offers ({eoSuites}; it chose {suites}); with no TLS 1.2 to fall back to, the handshake fails',
      nl: '{endpoint} accepteert alleen TLS 1.3, en geen van de TLS 1.3-suites die Exchange Online aanbiedt ({eoSuites}; koos {suites}); zonder TLS 1.2 om op terug te vallen mislukt de handshake',
    },
    cause: {
      en: "The server's TLS 1.3 suite list leaves out TLS_AES_256_GCM_SHA384 and TLS_AES_128_GCM_SHA256 (e.g. OpenSSL `-ciphersuites TLS_CHACHA20_POLY1305_SHA256`), and TLS 1.2 is switched off.",
      nl: 'De TLS 1.3-suitelijst van de server laat TLS_AES_256_GCM_SHA384 en TLS_AES_128_GCM_SHA256 weg (bijv. OpenSSL `-ciphersuites TLS_CHACHA20_POLY1305_SHA256`), en TLS 1.2 staat uit.',
    },
    fix: {
      en: 'Allow TLS_AES_256_GCM_SHA384 and TLS_AES_128_GCM_SHA256 (OpenSSL: TLSv1.3 ciphersuites; Postfix: tls_high_cipherlist does not touch TLS 1.3), and allow TLS 1.2 as well.',
      nl: 'Sta TLS_AES_256_GCM_SHA384 en TLS_AES_128_GCM_SHA256 toe (OpenSSL: TLSv1.3-ciphersuites; Postfix: tls_high_cipherlist raakt TLS 1.3 niet), en sta ook TLS 1.2 toe.',
    },
    next: NEXT,
  },
  'tls.tls12-no-common-suite': {
    severity: 'warning',
    title: { en: 'TLS 1.2 without an Exchange Online suite', nl: 'TLS 1.2 zonder suite van Exchange Online' },
    message: {
      en: '{endpoint} accepts TLS 1.2 but none of the suites Exchange Online offers with it (it chose {suites}); only TLS 1.3 delivery can work',
      nl: '{endpoint} accepteert TLS 1.2 maar geen van de suites die Exchange Online daarbij aanbiedt (koos {suites}); alleen aflevering via TLS 1.3 kan werken',
    },
    cause: {
      en: 'Every Exchange Online TLS 1.2 suite is RSA-authenticated AES; an ECDSA-only certificate or a CHACHA20/DHE-only list has no overlap.',
      nl: 'Elke TLS 1.2-suite van Exchange Online is AES met RSA-authenticatie; een certificaat met alleen ECDSA of een lijst met alleen CHACHA20/DHE heeft geen overlap.',
    },
    fix: {
      en: 'Add an RSA certificate and TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 / _128_GCM_SHA256.',
      nl: 'Voeg een RSA-certificaat toe en TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 / _128_GCM_SHA256.',
    },
  },
  'tls.session-failed': {
    severity: 'error',
    title: { en: 'No TLS session as Exchange Online makes it', nl: 'Geen TLS-sessie zoals Exchange Online die opzet' },
    message: {
      en: 'the server answered every hello, but a complete handshake with {endpoint} as Exchange Online makes it ({versions}, its suites) failed: {reason}',
      nl: 'de server beantwoordde elke hello, maar een volledige handshake met {endpoint} zoals Exchange Online die doet ({versions}, zijn suites) mislukte: {reason}',
    },
    cause: {
      en: 'The server starts the handshake (ServerHello, Certificate) and then breaks it: a TLS library that cannot use its key or certificate (OpenSMTPD 6.8 with OpenSSL 3 sends internal_error, alert 80), a key that does not match the certificate, or a middlebox that cuts the session. Exchange Online gets the same error and cannot deliver over TLS.',
      nl: 'De server begint de handshake (ServerHello, Certificate) en breekt hem dan af: een TLS-bibliotheek die zijn sleutel of certificaat niet kan gebruiken (OpenSMTPD 6.8 met OpenSSL 3 stuurt internal_error, alert 80), een sleutel die niet bij het certificaat hoort, of een tussenapparaat dat de sessie verbreekt. Exchange Online krijgt dezelfde fout en kan niet via TLS afleveren.',
    },
    fix: {
      en: 'Check the server log for the TLS error at the time of the probe; test with `openssl s_client -starttls smtp -connect host:25`; update or rebuild the MTA against its TLS library, and check that key and certificate belong together.',
      nl: 'Zoek de TLS-fout in het serverlog op het moment van de test; test met `openssl s_client -starttls smtp -connect host:25`; werk de MTA bij of bouw hem opnieuw tegen zijn TLS-bibliotheek, en controleer dat sleutel en certificaat bij elkaar horen.',
    },
    next: NEXT,
  },
  'tls.session-unknown': {
    severity: 'warning',
    title: { en: 'Complete handshake not made', nl: 'Volledige handshake niet gedaan' },
    message: {
      en: 'the complete handshake with {endpoint} that a pass needs could not be made ({reason}): the verdict stays inconclusive',
      nl: 'de volledige handshake met {endpoint} die nodig is voor een geslaagd oordeel kon niet worden gedaan ({reason}): het oordeel blijft onbeslist',
    },
    fix: {
      en: 'Run the probe again later, or from an address the server does not limit.',
      nl: 'Voer de test later opnieuw uit, of vanaf een adres dat de server niet beperkt.',
    },
  },
  'tls.bad-server-hello': {
    severity: 'error',
    title: { en: 'Unreadable TLS answer', nl: 'Onleesbaar TLS-antwoord' },
    message: {
      en: '{endpoint} answered a {version} ClientHello with something that is not TLS: {reason}',
      nl: '{endpoint} beantwoordde een {version}-ClientHello met iets dat geen TLS is: {reason}',
    },
  },
  'tls.version-unknown': {
    severity: 'warning',
    title: { en: 'Version not determined', nl: 'Versie niet vastgesteld' },
    message: { en: 'could not tell whether {endpoint} accepts {version}: {reason}', nl: 'kon niet vaststellen of {endpoint} {version} accepteert: {reason}' },
  },
  'tls.sslv3-accepted': {
    severity: 'warning',
    title: { en: 'SSLv3 accepted', nl: 'SSLv3 geaccepteerd' },
    message: { en: '{endpoint} still accepts SSLv3 (POODLE, RFC 7568)', nl: '{endpoint} accepteert nog SSLv3 (POODLE, RFC 7568)' },
    fix: {
      en: 'Disable SSL 3.0 (SCHANNEL Protocols\\SSL 3.0\\Server Enabled=0; Postfix smtpd_tls_protocols = !SSLv2, !SSLv3).',
      nl: 'Zet SSL 3.0 uit (SCHANNEL Protocols\\SSL 3.0\\Server Enabled=0; Postfix smtpd_tls_protocols = !SSLv2, !SSLv3).',
    },
  },
  'tls.tls10-accepted': {
    severity: 'warning',
    title: { en: 'TLS 1.0 accepted', nl: 'TLS 1.0 geaccepteerd' },
    message: {
      en: '{endpoint} still accepts TLS 1.0 (deprecated, RFC 8996); Exchange Online never uses it',
      nl: '{endpoint} accepteert nog TLS 1.0 (afgeschaft, RFC 8996); Exchange Online gebruikt het nooit',
    },
  },
  'tls.tls11-accepted': {
    severity: 'warning',
    title: { en: 'TLS 1.1 accepted', nl: 'TLS 1.1 geaccepteerd' },
    message: {
      en: '{endpoint} still accepts TLS 1.1 (deprecated, RFC 8996); Exchange Online never uses it',
      nl: '{endpoint} accepteert nog TLS 1.1 (afgeschaft, RFC 8996); Exchange Online gebruikt het nooit',
    },
  },
  'tls.tls13-only': {
    severity: 'warning',
    title: { en: 'TLS 1.3 only', nl: 'Alleen TLS 1.3' },
    message: {
      en: '{endpoint} accepts TLS 1.3 but not TLS 1.2: Microsoft documents TLS 1.2 for Exchange Online mail flow and TLS 1.3 only for some services, so a sender that stops at TLS 1.2 (Exchange Server, many appliances) cannot deliver',
      nl: '{endpoint} accepteert TLS 1.3 maar geen TLS 1.2: Microsoft documenteert TLS 1.2 voor de e-mailstroom van Exchange Online en TLS 1.3 alleen voor sommige diensten, dus een afzender die tot TLS 1.2 gaat (Exchange Server, veel apparaten) kan niet afleveren',
    },
    fix: {
      en: 'Allow TLS 1.2 as well (Postfix: smtpd_tls_protocols = >=TLSv1.2; Windows: SCHANNEL TLS 1.2\\Server Enabled=1).',
      nl: 'Sta ook TLS 1.2 toe (Postfix: smtpd_tls_protocols = >=TLSv1.2; Windows: SCHANNEL TLS 1.2\\Server Enabled=1).',
    },
    next: NEXT,
  },
  'tls.tls13-not-offered': {
    severity: 'info',
    title: { en: 'No TLS 1.3', nl: 'Geen TLS 1.3' },
    message: {
      en: '{endpoint} does not accept TLS 1.3 (TLS 1.2 is enough for Exchange Online)',
      nl: '{endpoint} accepteert geen TLS 1.3 (TLS 1.2 volstaat voor Exchange Online)',
    },
  },
  'tls.weak-suite': {
    severity: 'warning',
    title: { en: 'Weak cipher suite accepted', nl: 'Zwakke cipher suite geaccepteerd' },
    message: {
      en: '{endpoint} accepts {count#weak ({classes}) suite|weak ({classes}) suites}: {suites}',
      nl: '{endpoint} accepteert {count#zwakke ({classes}) suite|zwakke ({classes}) suites}: {suites}',
    },
    fix: {
      en: 'Remove RC4, 3DES, DES, NULL and EXPORT suites (IIS Crypto "Best Practices"; Postfix smtpd_tls_exclude_ciphers).',
      nl: 'Verwijder RC4-, 3DES-, DES-, NULL- en EXPORT-suites (IIS Crypto "Best Practices"; Postfix smtpd_tls_exclude_ciphers).',
    },
  },
  'tls.anonymous-suite': {
    severity: 'info',
    title: { en: 'Anonymous suites accepted', nl: 'Anonieme suites geaccepteerd' },
    message: {
      en: '{endpoint} accepts {count#anonymous (unauthenticated) suite|anonymous (unauthenticated) suites} with {version}; common on MTAs, harmless for Exchange Online',
      nl: "{endpoint} accepteert {count#anonieme (niet-geauthenticeerde) suite|anonieme (niet-geauthenticeerde) suites} met {version}; gebruikelijk bij MTA's, onschadelijk voor Exchange Online",
    },
  },
  // --- certificate -------------------------------------------------------------------------------------------
  'cert.expired': {
    severity: 'warning',
    title: { en: 'Certificate expired', nl: 'Certificaat verlopen' },
    message: {
      en: 'the certificate of {endpoint} expired on {date} ({days#day|days} ago)',
      nl: 'het certificaat van {endpoint} is verlopen op {date} ({days#dag|dagen} geleden)',
    },
    cause: {
      en: 'Opportunistic TLS still delivers, but a connector that validates certificates (hybrid, partner TLS) fails.',
      nl: 'Opportunistische TLS levert nog af, maar een connector die certificaten controleert (hybride, partner-TLS) faalt.',
    },
    fix: {
      en: 'Renew the certificate and bind it to the receive connector (Enable-ExchangeCertificate -Services SMTP).',
      nl: 'Vernieuw het certificaat en koppel het aan de ontvangstconnector (Enable-ExchangeCertificate -Services SMTP).',
    },
  },
  'cert.not-yet-valid': {
    severity: 'warning',
    title: { en: 'Certificate not yet valid', nl: 'Certificaat nog niet geldig' },
    message: { en: 'the certificate of {endpoint} is valid only from {date}', nl: 'het certificaat van {endpoint} is pas geldig vanaf {date}' },
  },
  'cert.expiring': {
    severity: 'warning',
    title: { en: 'Certificate expires soon', nl: 'Certificaat verloopt binnenkort' },
    message: {
      en: 'the certificate of {endpoint} expires on {date} (in {days#day|days})',
      nl: 'het certificaat van {endpoint} verloopt op {date} (over {days#dag|dagen})',
    },
  },
  'cert.name-mismatch': {
    severity: 'warning',
    title: { en: 'Certificate name mismatch', nl: 'Certificaatnaam klopt niet' },
    message: { en: 'the certificate of {endpoint} is for {names}, not for {host}', nl: 'het certificaat van {endpoint} is voor {names}, niet voor {host}' },
    fix: {
      en: 'Use a certificate whose subjectAltName contains the MX host name.',
      nl: 'Gebruik een certificaat waarvan de subjectAltName de MX-hostnaam bevat.',
    },
  },
  'cert.self-signed': {
    severity: 'warning',
    title: { en: 'Self-signed certificate', nl: 'Zelfondertekend certificaat' },
    message: { en: 'the certificate of {endpoint} is self-signed', nl: 'het certificaat van {endpoint} is zelfondertekend' },
  },
  'cert.untrusted': {
    severity: 'warning',
    title: { en: 'Certificate not trusted', nl: 'Certificaat niet vertrouwd' },
    message: { en: 'the certificate chain of {endpoint} does not validate: {reason}', nl: 'de certificaatketen van {endpoint} valideert niet: {reason}' },
  },
  'cert.chain-incomplete': {
    severity: 'warning',
    title: { en: 'Incomplete certificate chain', nl: 'Onvolledige certificaatketen' },
    message: {
      en: '{endpoint} does not send the intermediate certificates ({reason})',
      nl: '{endpoint} stuurt de tussenliggende certificaten niet mee ({reason})',
    },
  },
  'cert.weak-key': {
    severity: 'warning',
    title: { en: 'Weak certificate key', nl: 'Zwakke certificaatsleutel' },
    message: { en: 'the certificate of {endpoint} has a {bits}-bit {type} key', nl: 'het certificaat van {endpoint} heeft een {type}-sleutel van {bits} bits' },
  },
  'cert.sha1-signature': {
    severity: 'warning',
    title: { en: 'SHA-1/MD5 certificate signature', nl: 'SHA-1/MD5-handtekening op certificaat' },
    message: {
      en: 'the certificate chain of {endpoint} is signed with {hash}; Exchange Online refuses SHA-1 certificates since 2016',
      nl: 'de certificaatketen van {endpoint} is ondertekend met {hash}; Exchange Online weigert SHA-1-certificaten sinds 2016',
    },
  },
  'cert.non-rsa-key': {
    severity: 'warning',
    title: { en: 'Not an RSA certificate', nl: 'Geen RSA-certificaat' },
    message: {
      en: 'the certificate of {endpoint} has a {type} key; every suite Exchange Online offers needs RSA',
      nl: 'het certificaat van {endpoint} heeft een {type}-sleutel; elke suite die Exchange Online aanbiedt vereist RSA',
    },
  },
  'cert.unavailable': {
    severity: 'info',
    title: { en: 'Certificate not read', nl: 'Certificaat niet gelezen' },
    message: { en: 'the certificate of {endpoint} could not be read: {reason}', nl: 'het certificaat van {endpoint} kon niet worden gelezen: {reason}' },
  },
  // --- probe -------------------------------------------------------------------------------------------------
  'probe.host-deadline': {
    severity: 'warning',
    title: { en: 'Host deadline reached', nl: 'Tijdslimiet per host bereikt' },
    message: {
      en: 'the probe of {endpoint} stopped at its deadline; some results are missing',
      nl: 'de test van {endpoint} stopte op de tijdslimiet; sommige resultaten ontbreken',
    },
  },
  'probe.nothing-tested': {
    severity: 'error',
    title: { en: 'Nothing could be tested', nl: 'Niets kon worden getest' },
    message: { en: 'no mail server of {target} could be tested', nl: 'geen enkele mailserver van {target} kon worden getest' },
  },
});

export const ui: Record<string, Text> = {
  'probe.host': { en: 'Host', nl: 'Host' },
  'probe.preference': { en: 'MX preference {pref}', nl: 'MX-voorkeur {pref}' },
  'probe.banner': { en: 'Banner', nl: 'Banner' },
  'probe.starttls': { en: 'STARTTLS', nl: 'STARTTLS' },
  'probe.versions': { en: 'Versions', nl: 'Versies' },
  'probe.suites': { en: 'Suites', nl: 'Suites' },
  'probe.certificate': { en: 'Certificate', nl: 'Certificaat' },
  'probe.accepted': { en: 'accepted', nl: 'geaccepteerd' },
  'probe.refused': { en: 'refused', nl: 'geweigerd' },
  'probe.unknown': { en: 'unknown', nl: 'onbekend' },
  'probe.offered': { en: 'offered', nl: 'aangeboden' },
  'probe.not-offered': { en: 'not offered', nl: 'niet aangeboden' },
  'probe.failed': { en: 'failed', nl: 'mislukt' },
  'probe.verdict': { en: 'Verdict', nl: 'Oordeel' },
  'probe.verdict.pass': { en: 'PASS: Exchange Online can deliver here over TLS 1.2+', nl: 'GESLAAGD: Exchange Online kan hier via TLS 1.2+ afleveren' },
  'probe.verdict.fail': { en: 'FAIL: Exchange Online cannot deliver here over TLS 1.2+', nl: 'MISLUKT: Exchange Online kan hier niet via TLS 1.2+ afleveren' },
  'probe.verdict.inconclusive': { en: 'INCONCLUSIVE: could not be tested completely', nl: 'ONBESLIST: kon niet volledig worden getest' },
  'probe.overall': { en: 'Overall for {target}', nl: 'Totaal voor {target}' },
  'probe.cert-line': {
    en: '{subject}; {keyType} {keyBits} bits, {sig}; valid until {notAfter} ({days#day|days})',
    nl: '{subject}; {keyType} {keyBits} bits, {sig}; geldig tot {notAfter} ({days#dag|dagen})',
  },
  'probe.cert-trust': { en: 'name {name}, chain {chain}, trust {trust}', nl: 'naam {name}, keten {chain}, vertrouwen {trust}' },
  'probe.ok': { en: 'ok', nl: 'ok' },
  'probe.bad': { en: 'NO', nl: 'NEE' },
  'probe.complete': { en: 'complete', nl: 'volledig' },
  'probe.incomplete': { en: 'incomplete', nl: 'onvolledig' },
  'probe.elapsed': { en: '{connections#connection|connections}, {seconds} s', nl: '{connections#verbinding|verbindingen}, {seconds} s' },
  'probe.not-tested': { en: 'not tested', nl: 'niet getest' },
  'probe.no-hosts': { en: 'No mail server to test.', nl: 'Geen mailserver om te testen.' },
  'probe.negotiated': { en: 'negotiated', nl: 'onderhandeld' },
};

/** What probe code renders: its own texts and the SMTP/TLS entries it shares with send. */
export const { finding, entry, text } = catalogue(
  { name: 'probe', findings, ui },
  { name: 'probe-connector', ...connector },
  { name: 'smtp', ...smtp },
  { name: 'tls', ...tls },
);
/** A finding id this capability renders. */
export type FindingId = Parameters<typeof finding>[0];
