// Finding texts and human-interface strings of DANE, MTA-STS and TLS-RPT, in English and Dutch (merged by src/cli/catalog.ts).
import { defineCatalog } from '../../findings/types.js';
import type { Text } from '../../i18n/lang.js';
import { catalogue } from '../../findings/catalog.js';

const NEXT = 'mailtls probe <domain>';

export const findings = defineCatalog({
  // --- DANE (RFC 7672), per MX host address ---------------------------------------------------------------
  'dane.valid': {
    severity: 'info',
    title: { en: 'DANE TLSA record matches', nl: 'DANE-TLSA-record klopt' },
    message: {
      en: 'TLSA {record} at {name} matches the certificate chain of {endpoint} (DNSSEC-authenticated)',
      nl: 'TLSA {record} op {name} komt overeen met de certificaatketen van {endpoint} (met DNSSEC gevalideerd)',
    },
  },
  'dane.mismatch': {
    severity: 'error',
    title: { en: 'DANE TLSA records do not match the certificate', nl: 'DANE-TLSA-records passen niet bij het certificaat' },
    message: {
      en: 'the TLSA records at {name} ({count} usable) do not match the certificate chain of {endpoint}: senders that validate DANE, Exchange Online among them, do not deliver to it',
      nl: 'de TLSA-records op {name} ({count} bruikbaar) passen niet bij de certificaatketen van {endpoint}: verzenders die DANE valideren, waaronder Exchange Online, leveren daar niet af',
    },
    cause: {
      en: 'The certificate or key was replaced without first publishing a TLSA record for the new one, or the record was computed from another certificate.',
      nl: 'Het certificaat of de sleutel is vervangen zonder eerst een TLSA-record voor de nieuwe te publiceren, of het record is berekend uit een ander certificaat.',
    },
    fix: {
      en: 'Publish a TLSA record for the certificate now in use (for example 3 1 1 with the SHA-256 of its public key), wait for the TTL, then remove the stale one.',
      nl: 'Publiceer een TLSA-record voor het certificaat dat nu in gebruik is (bijvoorbeeld 3 1 1 met de SHA-256 van de publieke sleutel), wacht de TTL af en verwijder daarna het oude record.',
    },
    next: NEXT,
  },
  'dane.mismatch-unenforced': {
    severity: 'warning',
    title: { en: 'TLSA records do not match (DANE not in force)', nl: 'TLSA-records passen niet (DANE niet actief)' },
    message: {
      en: 'the TLSA records at {name} ({count} usable) do not match the certificate chain of {endpoint}; harmless while DNSSEC does not authenticate them, but delivery stops as soon as it does',
      nl: 'de TLSA-records op {name} ({count} bruikbaar) passen niet bij de certificaatketen van {endpoint}; onschadelijk zolang DNSSEC ze niet valideert, maar de aflevering stopt zodra dat wel zo is',
    },
    fix: {
      en: 'Correct the TLSA records before signing the zone with DNSSEC, or remove them.',
      nl: 'Corrigeer de TLSA-records voordat u de zone met DNSSEC ondertekent, of verwijder ze.',
    },
    next: NEXT,
  },
  'dane.unusable-usage': {
    severity: 'warning',
    title: { en: 'TLSA records that SMTP senders ignore', nl: 'TLSA-records die SMTP-verzenders negeren' },
    message: {
      en: 'TLSA records at {name} that SMTP senders ignore ({count}): {records}; usages 0 (PKIX-TA) and 1 (PKIX-EE) and unknown selectors or matching types do not count (RFC 7672 §3.1.3)',
      nl: 'TLSA-records op {name} die SMTP-verzenders negeren ({count}): {records}; gebruik 0 (PKIX-TA) en 1 (PKIX-EE) en onbekende selectors of matching types tellen niet mee (RFC 7672 §3.1.3)',
    },
    fix: {
      en: 'Publish usage 3 (DANE-EE) or 2 (DANE-TA) records instead, for example 3 1 1.',
      nl: 'Publiceer in plaats daarvan records met gebruik 3 (DANE-EE) of 2 (DANE-TA), bijvoorbeeld 3 1 1.',
    },
  },
  'dane.no-rollover': {
    severity: 'warning',
    title: { en: 'No TLSA record for the next certificate', nl: 'Geen TLSA-record voor het volgende certificaat' },
    message: {
      en: '{name} has a single usable TLSA record ({record}): the next change of certificate or key breaks delivery unless a record for the new one is published first',
      nl: '{name} heeft één bruikbaar TLSA-record ({record}): de volgende wissel van certificaat of sleutel breekt de aflevering, tenzij er eerst een record voor de nieuwe is gepubliceerd',
    },
    fix: {
      en: 'Publish a second record that survives renewal: a 2 1 1 record for the issuing CA, or a 3 1 1 record for the next key (RFC 7671 §8.1).',
      nl: 'Publiceer een tweede record dat een vernieuwing overleeft: een 2 1 1-record voor de uitgevende CA, of een 3 1 1-record voor de volgende sleutel (RFC 7671 §8.1).',
    },
  },
  'dane.not-authenticated': {
    severity: 'warning',
    title: { en: 'TLSA records without DNSSEC', nl: 'TLSA-records zonder DNSSEC' },
    message: {
      en: '{name} has TLSA records, but the DNS answer was not DNSSEC-authenticated (no AD bit): senders ignore them and DANE is not in force',
      nl: '{name} heeft TLSA-records, maar het DNS-antwoord was niet met DNSSEC gevalideerd (geen AD-bit): verzenders negeren ze en DANE is niet actief',
    },
    cause: {
      en: 'The zone is not signed, its DS record is missing at the parent, or the resolver asked does not validate DNSSEC.',
      nl: 'De zone is niet ondertekend, het DS-record ontbreekt bij de bovenliggende zone, of de gevraagde resolver valideert DNSSEC niet.',
    },
    fix: {
      en: 'Sign the zone and publish its DS record; check with --resolver pointing at a validating resolver.',
      nl: 'Onderteken de zone en publiceer het DS-record; controleer met --resolver naar een validerende resolver.',
    },
  },
  'dane.mx-not-authenticated': {
    severity: 'warning',
    title: { en: 'MX records without DNSSEC', nl: 'MX-records zonder DNSSEC' },
    message: {
      en: 'the TLSA records at {name} are DNSSEC-authenticated, but the MX answer for {domain} is not: senders such as Exchange Online apply DANE only when the MX records are signed too',
      nl: 'de TLSA-records op {name} zijn met DNSSEC gevalideerd, maar het MX-antwoord voor {domain} niet: verzenders zoals Exchange Online passen DANE alleen toe als ook de MX-records ondertekend zijn',
    },
    fix: {
      en: 'Sign the zone of the mail domain with DNSSEC as well.',
      nl: 'Onderteken ook de zone van het maildomein met DNSSEC.',
    },
  },
  'dane.lookup-failed': {
    severity: 'warning',
    title: { en: 'TLSA lookup failed', nl: 'TLSA-opvraging mislukt' },
    message: {
      en: 'the TLSA lookup for {name} failed ({reason}); a sender that validates DNSSEC defers mail for this MX host until it succeeds',
      nl: 'de TLSA-opvraging voor {name} is mislukt ({reason}); een verzender die DNSSEC valideert, stelt mail voor deze MX-host uit tot die slaagt',
    },
    cause: {
      en: 'A signed zone whose name servers do not answer TLSA queries correctly (often a broken denial of existence).',
      nl: 'Een ondertekende zone waarvan de naamservers TLSA-vragen niet correct beantwoorden (vaak een defect bewijs van niet-bestaan).',
    },
  },
  'dane.unchecked': {
    severity: 'info',
    title: { en: 'TLSA records not checked', nl: 'TLSA-records niet gecontroleerd' },
    message: {
      en: '{name} has TLSA records, but {endpoint} presented no certificate chain to match them against',
      nl: '{name} heeft TLSA-records, maar {endpoint} toonde geen certificaatketen om ze mee te vergelijken',
    },
  },

  // --- MTA-STS (RFC 8461), per domain ------------------------------------------------------------------------
  'mtasts.valid': {
    severity: 'info',
    title: { en: 'MTA-STS policy in force', nl: 'MTA-STS-beleid actief' },
    message: {
      en: '{domain} publishes an MTA-STS policy (mode {mode}, id {id}, max_age {maxAge}); every MX host matches it and meets its TLS requirements',
      nl: '{domain} publiceert een MTA-STS-beleid (modus {mode}, id {id}, max_age {maxAge}); elke MX-host past erbij en voldoet aan de TLS-eisen',
    },
  },
  'mtasts.testing': {
    severity: 'info',
    title: { en: 'MTA-STS in testing mode', nl: 'MTA-STS in testmodus' },
    message: {
      en: 'the MTA-STS policy of {domain} is in testing mode: senders report failures (TLS-RPT) but still deliver',
      nl: 'het MTA-STS-beleid van {domain} staat in testmodus: verzenders melden fouten (TLS-RPT) maar leveren toch af',
    },
  },
  'mtasts.mode-none': {
    severity: 'info',
    title: { en: 'MTA-STS policy withdrawn (mode none)', nl: 'MTA-STS-beleid ingetrokken (modus none)' },
    message: {
      en: 'the MTA-STS policy of {domain} has mode none: senders forget any earlier policy',
      nl: 'het MTA-STS-beleid van {domain} heeft modus none: verzenders vergeten elk eerder beleid',
    },
  },
  'mtasts.lookup-failed': {
    severity: 'warning',
    title: { en: 'MTA-STS TXT lookup failed', nl: 'MTA-STS TXT-opvraging mislukt' },
    message: {
      en: 'the lookup of _mta-sts.{domain} failed: {reason}',
      nl: 'de opvraging van _mta-sts.{domain} is mislukt: {reason}',
    },
  },
  'mtasts.txt-invalid': {
    severity: 'warning',
    title: { en: 'Invalid MTA-STS TXT record', nl: 'Ongeldig MTA-STS TXT-record' },
    message: {
      en: 'the _mta-sts TXT record of {domain} is invalid ({reason}); senders act as if there were no MTA-STS',
      nl: 'het _mta-sts TXT-record van {domain} is ongeldig ({reason}); verzenders doen alsof er geen MTA-STS is',
    },
    fix: {
      en: 'Publish exactly one record like "v=STSv1; id=20240101T000000", with an id of 1 to 32 letters and digits.',
      nl: 'Publiceer precies één record zoals "v=STSv1; id=20240101T000000", met een id van 1 tot 32 letters en cijfers.',
    },
  },
  'mtasts.policy-missing': {
    severity: 'warning',
    title: { en: 'MTA-STS announced, but no policy', nl: 'MTA-STS aangekondigd, maar geen beleid' },
    message: {
      en: '{domain} announces MTA-STS (id {id}), but the policy cannot be fetched from {url}: {reason}',
      nl: '{domain} kondigt MTA-STS aan (id {id}), maar het beleid kan niet worden opgehaald van {url}: {reason}',
    },
    cause: {
      en: 'Without a policy senders fall back to opportunistic TLS; those that cached an earlier policy keep using it until it expires.',
      nl: 'Zonder beleid vallen verzenders terug op opportunistische TLS; wie eerder een beleid in de cache heeft, blijft dat gebruiken tot het verloopt.',
    },
    fix: {
      en: 'Serve the policy at https://mta-sts.<domain>/.well-known/mta-sts.txt with a publicly trusted certificate for that name, status 200, no redirect; or remove the TXT record.',
      nl: 'Bied het beleid aan op https://mta-sts.<domain>/.well-known/mta-sts.txt met een publiek vertrouwd certificaat voor die naam, status 200, zonder doorverwijzing; of verwijder het TXT-record.',
    },
    next: NEXT,
  },
  'mtasts.policy-invalid': {
    severity: 'warning',
    title: { en: 'Invalid MTA-STS policy', nl: 'Ongeldig MTA-STS-beleid' },
    message: {
      en: 'the MTA-STS policy of {domain} is invalid ({reason}); senders treat the domain as having no policy',
      nl: 'het MTA-STS-beleid van {domain} is ongeldig ({reason}); verzenders behandelen het domein alsof er geen beleid is',
    },
    fix: {
      en: 'Lines "version: STSv1", "mode: enforce|testing|none", "max_age: <seconds>" and one "mx: <host or *.suffix>" per MX host.',
      nl: 'Regels "version: STSv1", "mode: enforce|testing|none", "max_age: <seconden>" en één "mx: <host of *.achtervoegsel>" per MX-host.',
    },
  },
  'mtasts.policy-warning': {
    severity: 'info',
    title: { en: 'MTA-STS policy could be better', nl: 'MTA-STS-beleid kan beter' },
    message: {
      en: 'the MTA-STS policy of {domain}: {reason}',
      nl: 'het MTA-STS-beleid van {domain}: {reason}',
    },
  },
  'mtasts.mx-mismatch': {
    severity: 'error',
    title: { en: 'MX host not covered by the MTA-STS policy', nl: 'MX-host valt niet onder het MTA-STS-beleid' },
    message: {
      en: "MX host {host} of {domain} matches none of the MTA-STS policy's mx patterns ({patterns}); senders that enforce the policy do not deliver to it (mode {mode})",
      nl: 'MX-host {host} van {domain} past bij geen van de mx-patronen van het MTA-STS-beleid ({patterns}); verzenders die het beleid afdwingen, leveren daar niet af (modus {mode})',
    },
    fix: {
      en: 'Add an "mx:" line for this host to the policy, change the id in the TXT record, and wait for max_age if senders cached the old one.',
      nl: 'Voeg een regel "mx:" voor deze host toe aan het beleid, wijzig de id in het TXT-record, en wacht max_age af als verzenders het oude beleid in de cache hebben.',
    },
    next: NEXT,
  },
  'mtasts.enforce-tls-failure': {
    severity: 'error',
    title: { en: 'MTA-STS enforce, but TLS fails', nl: 'MTA-STS afgedwongen, maar TLS faalt' },
    message: {
      en: 'the MTA-STS policy of {domain} is in enforce mode, but MX host {host} fails its TLS requirements ({reason}): senders, Exchange Online among them, do not deliver to it',
      nl: 'het MTA-STS-beleid van {domain} staat op enforce, maar MX-host {host} voldoet niet aan de TLS-eisen ({reason}): verzenders, waaronder Exchange Online, leveren daar niet af',
    },
    cause: {
      en: 'Under enforce, a sender requires STARTTLS, TLS 1.2 or later, and a certificate that is valid, publicly trusted and issued for the MX host name.',
      nl: 'Bij enforce eist een verzender STARTTLS, TLS 1.2 of hoger, en een certificaat dat geldig en publiek vertrouwd is en voor de MX-hostnaam is uitgegeven.',
    },
    fix: {
      en: 'Fix the certificate or TLS of the MX host, or switch the policy to testing (new id) until it is fixed.',
      nl: 'Herstel het certificaat of de TLS van de MX-host, of zet het beleid op testing (nieuwe id) tot dat is opgelost.',
    },
    next: NEXT,
  },
  'mtasts.testing-tls-failure': {
    severity: 'warning',
    title: { en: 'MTA-STS testing reports a TLS failure', nl: 'MTA-STS-test meldt een TLS-fout' },
    message: {
      en: 'MX host {host} fails the TLS requirements of the MTA-STS policy of {domain} ({reason}); mail still flows in testing mode, but would stop under enforce',
      nl: 'MX-host {host} voldoet niet aan de TLS-eisen van het MTA-STS-beleid van {domain} ({reason}); in testmodus loopt de mail nog, maar bij enforce zou die stoppen',
    },
  },

  // --- TLS-RPT (RFC 8460), per domain ------------------------------------------------------------------------
  'tlsrpt.valid': {
    severity: 'info',
    title: { en: 'TLS reporting requested', nl: 'TLS-rapportage aangevraagd' },
    message: {
      en: '{domain} asks senders for TLS reports (TLS-RPT) at {rua}',
      nl: '{domain} vraagt verzenders om TLS-rapporten (TLS-RPT) op {rua}',
    },
  },
  'tlsrpt.none': {
    severity: 'info',
    title: { en: 'No TLS reporting', nl: 'Geen TLS-rapportage' },
    message: {
      en: '{domain} publishes no TLS-RPT record (_smtp._tls): senders cannot tell you when TLS to your servers fails',
      nl: '{domain} publiceert geen TLS-RPT-record (_smtp._tls): verzenders kunnen u niet laten weten wanneer TLS naar uw servers mislukt',
    },
    fix: {
      en: 'Publish a TXT record at _smtp._tls.<domain> like "v=TLSRPTv1; rua=mailto:tls-reports@<domain>".',
      nl: 'Publiceer een TXT-record op _smtp._tls.<domain> zoals "v=TLSRPTv1; rua=mailto:tls-reports@<domain>".',
    },
  },
  'tlsrpt.invalid': {
    severity: 'warning',
    title: { en: 'Invalid TLS-RPT record', nl: 'Ongeldig TLS-RPT-record' },
    message: {
      en: 'the TLS-RPT record of {domain} is invalid ({reason}); senders send no reports',
      nl: 'het TLS-RPT-record van {domain} is ongeldig ({reason}); verzenders sturen geen rapporten',
    },
  },
  'tlsrpt.lookup-failed': {
    severity: 'warning',
    title: { en: 'TLS-RPT lookup failed', nl: 'TLS-RPT-opvraging mislukt' },
    message: {
      en: 'the lookup of _smtp._tls.{domain} failed: {reason}',
      nl: 'de opvraging van _smtp._tls.{domain} is mislukt: {reason}',
    },
  },
});

export const ui: Record<string, Text> = {
  'dane.row': { en: 'DANE', nl: 'DANE' },
  'dane.status.none': { en: 'no TLSA records', nl: 'geen TLSA-records' },
  'dane.status.valid': { en: 'TLSA matches', nl: 'TLSA klopt' },
  'dane.status.mismatch': { en: 'TLSA does not match', nl: 'TLSA klopt niet' },
  'dane.status.unusable': { en: 'only unusable TLSA records', nl: 'alleen onbruikbare TLSA-records' },
  'dane.status.unchecked': { en: 'not checked (no certificate)', nl: 'niet gecontroleerd (geen certificaat)' },
  'dane.status.lookup-failed': { en: 'lookup failed', nl: 'opvraging mislukt' },
  'dane.dnssec': { en: 'DNSSEC', nl: 'DNSSEC' },
  'dane.no-dnssec': { en: 'without DNSSEC', nl: 'zonder DNSSEC' },
  'dane.mtasts-row': { en: 'MTA-STS', nl: 'MTA-STS' },
  'dane.tlsrpt-row': { en: 'TLS-RPT', nl: 'TLS-RPT' },
  'dane.mtasts.none': { en: 'no policy', nl: 'geen beleid' },
  'dane.mtasts.valid': { en: 'mode {mode}, mx {mx}', nl: 'modus {mode}, mx {mx}' },
  'dane.mtasts.invalid': { en: 'invalid', nl: 'ongeldig' },
  'dane.mtasts.unavailable': { en: 'announced, policy not available', nl: 'aangekondigd, beleid niet beschikbaar' },
  'dane.tlsrpt.valid': { en: 'reports to {rua}', nl: 'rapporten naar {rua}' },
  'dane.tlsrpt.none': { en: 'none', nl: 'geen' },
  'dane.tlsrpt.invalid': { en: 'invalid', nl: 'ongeldig' },
  'dane.tlsrpt.failed': { en: 'lookup failed', nl: 'opvraging mislukt' },
};

/** What the DANE / MTA-STS / TLS-RPT checks render. */
export const { finding, entry, text } = catalogue({ name: 'dane', findings, ui });
/** A finding id this capability renders. */
export type FindingId = Parameters<typeof finding>[0];
