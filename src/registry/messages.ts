// Finding texts and human-interface strings of registry, in English and Dutch (merged by src/cli/catalog.ts).
// Dutch follows Microsoft's Dutch UI terms: Register-editor, registersleutel, verzendconnector, ontvangstconnector,
// wachtrijviewer, protocollogboek, e-mailstroom, opnieuw opstarten.
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';
import { catalogue } from '../findings/catalog.js';

const SOCKET = "'421 4.4.2 Connection dropped due to SocketError'";
const NEXT_SEND = 'mailtls send <exchange-online-mx> --from <you> --to <someone>';
const NEXT_PROBE = 'mailtls probe <your-domain>';
const NEXT_REG = 'mailtls registry <export.reg> <fix.reg>';

const FIX_REG: Text = {
  en: 'Run mailtls registry with --fix-reg fix.reg (or --fix-ps1 fix.ps1), import it on the server and restart the server.',
  nl: 'Voer mailtls registry uit met --fix-reg fix.reg (of --fix-ps1 fix.ps1), importeer het bestand op de server en start de server opnieuw op.',
};
const EDIT_LINE: Text = {
  en: 'Correct the line (or use the file from --fix-reg), import it again and restart the server.',
  nl: 'Verbeter de regel (of gebruik het bestand van --fix-reg), importeer opnieuw en start de server opnieuw op.',
};

export const findings = defineCatalog({
  // ---- breaks mail flow ----
  'registry.tls12-client-disabled': {
    severity: 'error',
    group: 'breaks-mail-flow',
    next: NEXT_SEND,
    title: { en: 'TLS 1.2 Client is off', nl: 'TLS 1.2 Client staat uit' },
    message: {
      en: `TLS 1.2 is off for outgoing connections (Client: {values}). This server cannot send to Exchange Online: senders get ${SOCKET}, the Queue Viewer shows the same error and the Send connector protocol log says 'TLS negotiation failed with error SocketError'.`,
      nl: `TLS 1.2 staat uit voor uitgaande verbindingen (Client: {values}). Deze server kan niet naar Exchange Online verzenden: afzenders krijgen ${SOCKET}, de wachtrijviewer toont dezelfde fout en het protocollogboek van de verzendconnector meldt 'TLS negotiation failed with error SocketError'.`,
    },
    cause: { en: 'Exchange Online only accepts TLS 1.2 and later (MC229914).', nl: 'Exchange Online accepteert alleen TLS 1.2 en hoger (MC229914).' },
    fix: FIX_REG,
  },
  'registry.tls12-server-disabled': {
    severity: 'error',
    group: 'breaks-mail-flow',
    next: NEXT_PROBE,
    title: { en: 'TLS 1.2 Server is off', nl: 'TLS 1.2 Server staat uit' },
    message: {
      en: "TLS 1.2 is off for incoming connections (Server: {values}). Exchange Online cannot deliver to this server over TLS: it never uses TLS 1.0 or 1.1, so its mail queues up and receive logs show failed TLS negotiations or '451 5.7.3 Must issue a STARTTLS command first'.",
      nl: "TLS 1.2 staat uit voor inkomende verbindingen (Server: {values}). Exchange Online kan niet via TLS bij deze server afleveren: het gebruikt nooit TLS 1.0 of 1.1, dus de e-mail blijft in de wachtrij staan en de ontvangstlogboeken tonen mislukte TLS-onderhandelingen of '451 5.7.3 Must issue a STARTTLS command first'.",
    },
    cause: { en: 'Exchange Online never sends with TLS 1.0 or 1.1.', nl: 'Exchange Online verzendt nooit met TLS 1.0 of 1.1.' },
    fix: FIX_REG,
  },
  'registry.tls12-client-disabled-by-default': {
    severity: 'error',
    group: 'breaks-mail-flow',
    next: NEXT_SEND,
    title: { en: 'TLS 1.2 Client is disabled by default', nl: 'TLS 1.2 Client is standaard uitgeschakeld' },
    message: {
      en: `TLS 1.2 is disabled by default for outgoing connections (Client: {values}): only programs that ask for TLS 1.2 by name get it. Exchange and .NET use the Windows defaults, so sending to Exchange Online fails with ${SOCKET}. HealthChecker calls this 'Half Disabled'.`,
      nl: `TLS 1.2 is standaard uitgeschakeld voor uitgaande verbindingen (Client: {values}): alleen programma's die expliciet om TLS 1.2 vragen, krijgen het. Exchange en .NET gebruiken de standaardinstellingen van Windows, dus verzenden naar Exchange Online mislukt met ${SOCKET}. HealthChecker noemt dit 'Half Disabled'.`,
    },
    cause: {
      en: 'DisabledByDefault=1 removes TLS 1.2 from the protocols Windows offers by default.',
      nl: 'DisabledByDefault=1 haalt TLS 1.2 uit de protocollen die Windows standaard aanbiedt.',
    },
    fix: FIX_REG,
  },
  'registry.tls12-server-disabled-by-default': {
    severity: 'error',
    group: 'breaks-mail-flow',
    next: NEXT_PROBE,
    title: { en: 'TLS 1.2 Server is disabled by default', nl: 'TLS 1.2 Server is standaard uitgeschakeld' },
    message: {
      en: "TLS 1.2 is disabled by default for incoming connections (Server: {values}). Exchange and IIS use the Windows defaults, so Exchange Online cannot deliver to this server over TLS. HealthChecker calls this 'Half Disabled'.",
      nl: "TLS 1.2 is standaard uitgeschakeld voor inkomende verbindingen (Server: {values}). Exchange en IIS gebruiken de standaardinstellingen van Windows, dus Exchange Online kan niet via TLS bij deze server afleveren. HealthChecker noemt dit 'Half Disabled'.",
    },
    fix: FIX_REG,
  },
  'registry.dotnet-system-default-tls-versions': {
    severity: 'error',
    group: 'breaks-mail-flow',
    next: NEXT_REG,
    title: { en: '.NET does not use the Windows TLS defaults', nl: '.NET gebruikt de TLS-standaardinstellingen van Windows niet' },
    message: {
      en: 'SystemDefaultTlsVersions is not 1 for .NET Framework {version} ({values}). .NET code in Exchange (EWS, Autodiscover, hybrid, the Hybrid Configuration Wizard) then picks its own TLS versions, often TLS 1.0, which Exchange Online refuses.',
      nl: 'SystemDefaultTlsVersions is niet 1 voor .NET Framework {version} ({values}). .NET-code in Exchange (EWS, Autodiscover, hybride, de wizard Hybride configuratie) kiest dan zelf de TLS-versie, vaak TLS 1.0, en die weigert Exchange Online.',
    },
    cause: {
      en: 'Missing means 0. Both registry views need the value: SOFTWARE\\Microsoft (64-bit) and SOFTWARE\\Wow6432Node\\Microsoft (32-bit). If your export did not include these keys, export them too.',
      nl: 'Ontbreekt de waarde, dan geldt 0. Beide registerweergaven hebben de waarde nodig: SOFTWARE\\Microsoft (64-bits) en SOFTWARE\\Wow6432Node\\Microsoft (32-bits). Zaten deze sleutels niet in uw export, exporteer ze dan ook.',
    },
    fix: FIX_REG,
  },
  'registry.dotnet-strong-crypto': {
    severity: 'error',
    group: 'breaks-mail-flow',
    next: NEXT_REG,
    title: { en: '.NET strong cryptography is not on', nl: 'Sterke cryptografie voor .NET staat niet aan' },
    message: {
      en: 'SchUseStrongCrypto is not 1 for .NET Framework {version} ({values}). Outgoing .NET connections may still use SSL 3.0 or TLS 1.0, which Exchange Online refuses.',
      nl: 'SchUseStrongCrypto is niet 1 voor .NET Framework {version} ({values}). Uitgaande .NET-verbindingen kunnen dan nog SSL 3.0 of TLS 1.0 gebruiken, en die weigert Exchange Online.',
    },
    fix: FIX_REG,
  },
  'registry.no-eo-cipher': {
    severity: 'error',
    group: 'breaks-mail-flow',
    next: NEXT_SEND,
    title: { en: 'No cipher left that Exchange Online accepts', nl: 'Geen versleuteling meer die Exchange Online accepteert' },
    message: {
      en: `Schannel has no cipher suite left that Exchange Online accepts ({detail} switched off). Every TLS connection with Exchange Online fails: ${SOCKET}.`,
      nl: `Schannel heeft geen coderingssuite meer die Exchange Online accepteert ({detail} uitgeschakeld). Elke TLS-verbinding met Exchange Online mislukt: ${SOCKET}.`,
    },
    cause: {
      en: 'Every suite Exchange Online accepts uses AES with ECDHE or RSA key exchange.',
      nl: 'Elke suite die Exchange Online accepteert, gebruikt AES met ECDHE- of RSA-sleuteluitwisseling.',
    },
    fix: FIX_REG,
  },
  'registry.suite-order-no-eo-suite': {
    severity: 'error',
    group: 'breaks-mail-flow',
    next: NEXT_SEND,
    title: {
      en: 'Cipher suite order has no suite Exchange Online accepts',
      nl: 'Volgorde van coderingssuites bevat geen suite die Exchange Online accepteert',
    },
    message: {
      en: `The cipher suite order ({where}, {count} suites) contains none of the suites Exchange Online accepts. TLS connections with Exchange Online fail: ${SOCKET}.`,
      nl: `De volgorde van coderingssuites ({where}, {count} suites) bevat geen enkele suite die Exchange Online accepteert. TLS-verbindingen met Exchange Online mislukken: ${SOCKET}.`,
    },
    fix: FIX_REG,
  },
  'registry.tls13-enabled-unsupported-os': {
    severity: 'error',
    group: 'breaks-mail-flow',
    next: NEXT_SEND,
    title: { en: 'TLS 1.3 switched on where it is not supported', nl: 'TLS 1.3 ingeschakeld waar het niet wordt ondersteund' },
    message: {
      en: "TLS 1.3 is switched on ({sides}) on a Windows version that does not support it: Microsoft calls this 'not a safe system configuration', and Exchange does not support TLS 1.3 for SMTP. Expect failed TLS negotiations with Exchange Online and between Exchange servers.",
      nl: "TLS 1.3 is ingeschakeld ({sides}) op een Windows-versie die het niet ondersteunt: Microsoft noemt dit 'geen veilige systeemconfiguratie', en Exchange ondersteunt TLS 1.3 niet voor SMTP. Reken op mislukte TLS-onderhandelingen met Exchange Online en tussen Exchange-servers.",
    },
    cause: { en: 'TLS 1.3 is supported from Windows Server 2022 on.', nl: 'TLS 1.3 wordt ondersteund vanaf Windows Server 2022.' },
    fix: FIX_REG,
  },

  // ---- risky ----
  'registry.legacy-protocol-enabled': {
    severity: 'warning',
    group: 'risky',
    next: 'mailtls logs <protocol-log-dir>',
    title: { en: 'TLS 1.0/1.1 still on', nl: 'TLS 1.0/1.1 staat nog aan' },
    message: {
      en: '{protocol} is still on ({sides}). Exchange Online refuses TLS 1.0 and 1.1; switch {protocol} off once mailtls logs shows that no peer still needs it.',
      nl: '{protocol} staat nog aan ({sides}). Exchange Online weigert TLS 1.0 en 1.1; schakel {protocol} uit zodra mailtls logs laat zien dat geen enkele partner het nog nodig heeft.',
    },
    fix: {
      en: 'mailtls registry --fix-reg fix.reg --disable-legacy writes the change.',
      nl: 'mailtls registry --fix-reg fix.reg --disable-legacy schrijft de wijziging.',
    },
  },
  'registry.ssl-enabled': {
    severity: 'warning',
    group: 'risky',
    title: { en: 'SSL still on', nl: 'SSL staat nog aan' },
    message: {
      en: '{protocol} is on ({sides}). It is broken (POODLE, DROWN) and no mail peer should need it.',
      nl: '{protocol} staat aan ({sides}). Het is onveilig (POODLE, DROWN) en geen enkele mailpartner zou het nog nodig moeten hebben.',
    },
    fix: {
      en: 'mailtls registry --fix-reg fix.reg --disable-legacy writes the change.',
      nl: 'mailtls registry --fix-reg fix.reg --disable-legacy schrijft de wijziging.',
    },
  },
  'registry.half-disabled': {
    severity: 'warning',
    group: 'risky',
    title: { en: 'Half Disabled', nl: 'Half uitgeschakeld (Half Disabled)' },
    message: {
      en: "{protocol} is 'Half Disabled' ({sides}: {values}): Enabled and DisabledByDefault contradict each other. Programs that ask for {protocol} by name may still use it; HealthChecker reports this as an unsupported configuration.",
      nl: "{protocol} is 'Half Disabled' ({sides}: {values}): Enabled en DisabledByDefault spreken elkaar tegen. Programma's die expliciet om {protocol} vragen, kunnen het nog gebruiken; HealthChecker meldt dit als niet-ondersteunde configuratie.",
    },
    cause: {
      en: 'Typical for IIS Crypto Best Practices: Enabled=0xffffffff with DisabledByDefault=1.',
      nl: 'Typisch voor IIS Crypto Best Practices: Enabled=0xffffffff met DisabledByDefault=1.',
    },
    fix: {
      en: 'Set Enabled=0 and DisabledByDefault=1 on Client and Server (--disable-legacy does this).',
      nl: 'Zet Enabled=0 en DisabledByDefault=1 op Client en Server (--disable-legacy doet dit).',
    },
  },
  'registry.client-server-mismatch': {
    severity: 'warning',
    group: 'risky',
    title: { en: 'Client and Server differ (Misconfigured)', nl: 'Client en Server verschillen (Misconfigured)' },
    message: {
      en: "{protocol} differs between Client ({client}) and Server ({server}). Exchange is both a client and a server, so this causes trouble between servers; HealthChecker calls it 'Misconfigured'.",
      nl: "{protocol} verschilt tussen Client ({client}) en Server ({server}). Exchange is zowel client als server, dus dit geeft problemen tussen servers; HealthChecker noemt dit 'Misconfigured'.",
    },
    fix: {
      en: 'Give Client and Server the same Enabled and DisabledByDefault values.',
      nl: 'Geef Client en Server dezelfde waarden voor Enabled en DisabledByDefault.',
    },
  },
  'registry.weak-cipher-enabled': {
    severity: 'warning',
    group: 'risky',
    title: { en: 'Weak ciphers on', nl: 'Zwakke versleuteling staat aan' },
    message: {
      en: 'Weak ciphers are explicitly on: {names}. Exchange Online never uses them; a peer that negotiates them is not protected.',
      nl: 'Zwakke versleutelingen staan expliciet aan: {names}. Exchange Online gebruikt ze nooit; een partner die ze onderhandelt, is niet beschermd.',
    },
    fix: { en: '--disable-legacy sets their Enabled to 0.', nl: '--disable-legacy zet hun Enabled op 0.' },
  },
  'registry.weak-hash-enabled': {
    severity: 'warning',
    group: 'risky',
    title: { en: 'MD5 on', nl: 'MD5 staat aan' },
    message: { en: 'Hash {names} is explicitly on.', nl: 'Hash {names} staat expliciet aan.' },
  },
  'registry.dh-key-too-short': {
    severity: 'warning',
    group: 'risky',
    title: { en: 'Short Diffie-Hellman keys allowed', nl: 'Korte Diffie-Hellman-sleutels toegestaan' },
    message: {
      en: 'Diffie-Hellman ServerMinKeyBitLength is {bits}; below 2048 bits is weak (Logjam).',
      nl: 'Diffie-Hellman ServerMinKeyBitLength is {bits}; minder dan 2048 bits is zwak (Logjam).',
    },
  },
  'registry.suite-order-weak-suite': {
    severity: 'warning',
    group: 'risky',
    title: { en: 'Weak suites in the cipher suite order', nl: 'Zwakke suites in de volgorde van coderingssuites' },
    message: { en: 'The cipher suite order ({where}) still lists {suites}.', nl: 'De volgorde van coderingssuites ({where}) bevat nog {suites}.' },
  },
  'registry.winhttp-no-tls12': {
    severity: 'warning',
    group: 'risky',
    title: { en: 'WinHTTP without TLS 1.2', nl: 'WinHTTP zonder TLS 1.2' },
    message: {
      en: 'WinHTTP DefaultSecureProtocols is {value} ({views}) and does not include TLS 1.2 (0x800): WinHTTP programs cannot reach Exchange Online.',
      nl: "WinHTTP DefaultSecureProtocols is {value} ({views}) en bevat geen TLS 1.2 (0x800): WinHTTP-programma's kunnen Exchange Online niet bereiken.",
    },
    fix: FIX_REG,
  },

  // ---- notes ----
  'registry.tls13-on': {
    severity: 'info',
    group: 'note',
    title: { en: 'TLS 1.3 on', nl: 'TLS 1.3 staat aan' },
    message: {
      en: 'TLS 1.3 is on ({sides}), which is the Windows default here. Exchange 2019 CU15 and Exchange SE use it for HTTPS only, SMTP stays on TLS 1.2; on older Exchange builds switch it off. HealthChecker reports it until it is disabled.',
      nl: 'TLS 1.3 staat aan ({sides}); dat is hier de standaard van Windows. Exchange 2019 CU15 en Exchange SE gebruiken het alleen voor HTTPS, SMTP blijft op TLS 1.2; schakel het uit bij oudere Exchange-builds. HealthChecker meldt het zolang het niet is uitgeschakeld.',
    },
  },
  'registry.tls12-relies-on-default': {
    severity: 'info',
    group: 'note',
    title: { en: 'TLS 1.2 on by Windows default', nl: 'TLS 1.2 staat aan door de standaard van Windows' },
    message: {
      en: "TLS 1.2 has no Enabled/DisabledByDefault values ({sides}), so it is on by Windows default. HealthChecker shows them as missing (NULL); the article's .reg file sets them explicitly.",
      nl: 'TLS 1.2 heeft geen waarden Enabled/DisabledByDefault ({sides}), dus het staat aan door de standaard van Windows. HealthChecker toont ze als ontbrekend (NULL); het .reg-bestand uit het artikel stelt ze expliciet in.',
    },
  },
  'registry.enabled-ffffffff': {
    severity: 'info',
    group: 'note',
    title: { en: 'Enabled=0xffffffff', nl: 'Enabled=0xffffffff' },
    message: {
      en: '{count} Enabled values are 0xffffffff (IIS Crypto style, e.g. {example}). Windows treats any non-zero value as on.',
      nl: '{count} Enabled-waarden zijn 0xffffffff (zoals IIS Crypto ze schrijft, bijv. {example}). Windows beschouwt elke waarde behalve 0 als aan.',
    },
  },
  'registry.winhttp-default-no-tls12': {
    severity: 'info',
    group: 'note',
    title: { en: 'WinHTTP default excludes TLS 1.2', nl: 'WinHTTP-standaard zonder TLS 1.2' },
    message: {
      en: 'WinHTTP DefaultSecureProtocols is not set ({views}); on this Windows version WinHTTP programs use only SSL 3.0 and TLS 1.0 unless KB3140245 is installed and the value is 0xA00 or 0x800.',
      nl: "WinHTTP DefaultSecureProtocols is niet ingesteld ({views}); op deze Windows-versie gebruiken WinHTTP-programma's alleen SSL 3.0 en TLS 1.0, tenzij KB3140245 is geïnstalleerd en de waarde 0xA00 of 0x800 is.",
    },
  },

  // ---- has no effect ----
  'registry.no-effect.comma-in-key': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Comma in a key name', nl: 'Komma in een sleutelnaam' },
    message: {
      en: '{file}:{line}: key {key} has a comma where Windows expects a full stop; Schannel never reads it, and nothing beneath it has any effect. The key must be {expected}.',
      nl: '{file}:{line}: sleutel {key} heeft een komma waar Windows een punt verwacht; Schannel leest hem nooit en niets eronder heeft effect. De sleutel moet {expected} zijn.',
    },
    cause: { en: "The Dutch edition of Microsoft's article writes 'TLS 1,2'.", nl: "De Nederlandse versie van het Microsoft-artikel schrijft 'TLS 1,2'." },
    fix: EDIT_LINE,
  },
  'registry.no-effect.dword-too-long': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'DWORD with more than 8 hex digits', nl: 'DWORD met meer dan 8 hexadecimale cijfers' },
    message: {
      en: '{file}:{line}: {name} has more than 8 hex digits ({text}); the Registry Editor skips the line, so the value is not set.',
      nl: '{file}:{line}: {name} heeft meer dan 8 hexadecimale cijfers ({text}); de Register-editor slaat de regel over, dus de waarde wordt niet ingesteld.',
    },
    cause: {
      en: "The Dutch edition of Microsoft's article writes dword:000000000 (nine digits).",
      nl: 'De Nederlandse versie van het Microsoft-artikel schrijft dword:000000000 (negen cijfers).',
    },
    fix: EDIT_LINE,
  },
  'registry.no-effect.key-and-value-one-line': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Key and value on one line', nl: 'Sleutel en waarde op één regel' },
    message: {
      en: '{file}:{line}: a key ({key}) and more text are on one line; the Registry Editor does not import values written after a key on the same line. Put every key and every value on its own line.',
      nl: '{file}:{line}: een sleutel ({key}) en meer tekst staan op één regel; de Register-editor importeert geen waarden die achter een sleutel op dezelfde regel staan. Zet elke sleutel en elke waarde op een eigen regel.',
    },
    fix: EDIT_LINE,
  },
  'registry.no-effect.unicode-lookalike': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Look-alike character in a key name', nl: 'Gelijkend teken in een sleutelnaam' },
    message: {
      en: '{file}:{line}: key {key} contains {char}, which only looks like the character Schannel expects; Schannel never reads this key.',
      nl: '{file}:{line}: sleutel {key} bevat {char}, dat alleen lijkt op het teken dat Schannel verwacht; Schannel leest deze sleutel nooit.',
    },
    cause: {
      en: "Scripts use U+2215 '∕' because PowerShell's New-Item splits key names at '/'.",
      nl: "Scripts gebruiken U+2215 '∕' omdat New-Item in PowerShell sleutelnamen bij '/' splitst.",
    },
    fix: EDIT_LINE,
  },
  'registry.no-effect.nested-key': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: "Key split at '/'", nl: "Sleutel gesplitst bij '/'" },
    message: {
      en: "{file}:{line}: key {key} is a cipher name split at '/' (PowerShell New-Item does this); Schannel reads {expected} and ignores this key.",
      nl: "{file}:{line}: sleutel {key} is een versleutelingsnaam die bij '/' is gesplitst (New-Item in PowerShell doet dat); Schannel leest {expected} en negeert deze sleutel.",
    },
    fix: EDIT_LINE,
  },
  'registry.no-effect.unknown-name': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Key name Schannel does not know', nl: 'Sleutelnaam die Schannel niet kent' },
    message: {
      en: '{file}:{line}: Schannel does not know key {key}; nothing under it has any effect.',
      nl: '{file}:{line}: Schannel kent sleutel {key} niet; niets eronder heeft effect.',
    },
    fix: EDIT_LINE,
  },
  'registry.no-effect.wrong-hive': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Key in the wrong place', nl: 'Sleutel op de verkeerde plaats' },
    message: {
      en: '{file}:{line}: {key} is not where Windows reads it; it belongs under {expected}.',
      nl: '{file}:{line}: {key} staat niet waar Windows het leest; het hoort onder {expected}.',
    },
    fix: EDIT_LINE,
  },
  'registry.no-effect.wrong-type': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Value of the wrong type', nl: 'Waarde van het verkeerde type' },
    message: {
      en: '{file}:{line}: {name} is {type}, not the type Windows reads ({expected}); it is ignored.',
      nl: '{file}:{line}: {name} is {type}, niet het type dat Windows leest ({expected}); de waarde wordt genegeerd.',
    },
    fix: EDIT_LINE,
  },
  'registry.no-effect.missing-header': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'No header line', nl: 'Geen kopregel' },
    message: {
      en: "{file}: the first line is not 'Windows Registry Editor Version 5.00', so the Registry Editor refuses to import the file. mailtls audited it as if the line were there.",
      nl: "{file}: de eerste regel is niet 'Windows Registry Editor Version 5.00', dus de Register-editor weigert het bestand te importeren. mailtls heeft het gecontroleerd alsof de regel er wel stond.",
    },
    fix: { en: "Add 'Windows Registry Editor Version 5.00' as the first line.", nl: "Zet 'Windows Registry Editor Version 5.00' op de eerste regel." },
  },
  'registry.no-effect.bad-header': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Header Windows does not import', nl: 'Kopregel die Windows niet importeert' },
    message: {
      en: "{file}:{line}: header {text} is accepted by the Registry Editor, but nothing in the file is imported. Use 'Windows Registry Editor Version 5.00'. mailtls audited the file as if it were imported.",
      nl: "{file}:{line}: de Register-editor accepteert kopregel {text}, maar importeert niets uit het bestand. Gebruik 'Windows Registry Editor Version 5.00'. mailtls heeft het bestand gecontroleerd alsof het wel werd geïmporteerd.",
    },
  },
  'registry.no-effect.invalid-data': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Value data Windows cannot read', nl: 'Waardegegevens die Windows niet kan lezen' },
    message: {
      en: '{file}:{line}: the Registry Editor skips this line because it cannot read the data: {text}',
      nl: '{file}:{line}: de Register-editor slaat deze regel over omdat de gegevens onleesbaar zijn: {text}',
    },
    fix: { en: 'Write DWORDs as dword:00000001 (8 hex digits, no 0x).', nl: 'Schrijf DWORD-waarden als dword:00000001 (8 hexadecimale cijfers, zonder 0x).' },
  },
  'registry.no-effect.invalid-line': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Line Windows skips', nl: 'Regel die Windows overslaat' },
    message: { en: '{file}:{line}: Windows skips this line: {text}', nl: '{file}:{line}: Windows slaat deze regel over: {text}' },
  },
  'registry.no-effect.value-outside-key': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Value before any key', nl: 'Waarde vóór elke sleutel' },
    message: {
      en: '{file}:{line}: this value comes before any [key] line, so it goes nowhere: {text}',
      nl: '{file}:{line}: deze waarde staat vóór elke [sleutel]-regel en komt dus nergens terecht: {text}',
    },
  },
  'registry.no-effect.unknown-root': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Unknown registry root', nl: 'Onbekende registerhoofdsleutel' },
    message: {
      en: '{file}:{line}: the key does not start with a registry root such as HKEY_LOCAL_MACHINE: {text}',
      nl: '{file}:{line}: de sleutel begint niet met een hoofdsleutel zoals HKEY_LOCAL_MACHINE: {text}',
    },
  },
  'registry.no-effect.issues-dropped': {
    severity: 'info',
    group: 'no-effect',
    title: { en: 'More lines skipped', nl: 'Meer regels overgeslagen' },
    message: {
      en: '{file}: {count} more lines that Windows skips are not listed.',
      nl: '{file}: nog {count} regels die Windows overslaat, worden niet getoond.',
    },
  },

  // ---- scripts, listings, control sets (what the input is and what the audit describes) ----
  'registry.script.state-after': {
    severity: 'info',
    group: 'note',
    title: { en: 'State after the script', nl: 'Toestand na het script' },
    message: {
      en: '{file} is a {kind}. mailtls did not run it; it read what the script changes. The audit shows the state AFTER the script on a default Windows: values it does not set keep their Windows defaults. Lines not evaluated: {count}.',
      nl: '{file} is een {kind}. mailtls heeft het niet uitgevoerd, maar gelezen wat het script wijzigt. De controle toont de toestand NA het script op een standaard-Windows: waarden die het niet instelt, houden hun standaardwaarde van Windows. Niet geëvalueerde regels: {count}.',
    },
  },
  'registry.script.no-change': {
    severity: 'warning',
    group: 'note',
    title: { en: 'Script changes nothing mailtls can read', nl: 'Script wijzigt niets wat mailtls kan lezen' },
    message: {
      en: '{file}: no line of this script sets or removes a registry value as written; what the audit shows are Windows defaults, not what the script means to do. See the lines not evaluated.',
      nl: '{file}: geen enkele regel van dit script stelt zoals geschreven een registerwaarde in of verwijdert die; wat de controle toont zijn de standaardwaarden van Windows, niet wat het script bedoelt. Zie de niet geëvalueerde regels.',
    },
    fix: {
      en: 'Run the script on a test server, then: reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" /s > out.txt and mailtls registry out.txt',
      nl: 'Voer het script uit op een testserver, daarna: reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" /s > out.txt en mailtls registry out.txt',
    },
  },
  'registry.script.not-evaluated': {
    severity: 'warning',
    group: 'note',
    title: { en: 'Script line not evaluated', nl: 'Scriptregel niet geëvalueerd' },
    message: {
      en: '{file}:{line}: not evaluated (mailtls only reads commands written with literal values; this one needs PowerShell or cmd to run): {text}',
      nl: '{file}:{line}: niet geëvalueerd (mailtls leest alleen opdrachten met letterlijke waarden; deze heeft PowerShell of cmd nodig): {text}',
    },
  },
  'registry.script.not-evaluated-other': {
    severity: 'info',
    group: 'note',
    title: { en: 'Other lines not evaluated', nl: 'Andere regels niet geëvalueerd' },
    message: {
      en: '{file}: {count} other lines not evaluated (they name no registry key): lines {lines}.',
      nl: '{file}: nog {count} regels niet geëvalueerd (ze noemen geen registersleutel): regels {lines}.',
    },
  },
  'registry.script.commented-out': {
    severity: 'info',
    group: 'no-effect',
    title: { en: 'Command commented out', nl: 'Opdracht uitgecommentarieerd' },
    message: {
      en: '{file}:{line}: this registry command is in a comment, so it does not run: {text}',
      nl: '{file}:{line}: deze registeropdracht staat in commentaar en wordt dus niet uitgevoerd: {text}',
    },
  },
  'registry.script.remove-item-value': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Remove-Item aimed at a value', nl: 'Remove-Item gericht op een waarde' },
    message: {
      en: '{file}:{line}: Remove-Item removes keys, not values: {name} under {key} stays as it is (PowerShell reports that the path does not exist).',
      nl: '{file}:{line}: Remove-Item verwijdert sleutels, geen waarden: {name} onder {key} blijft zoals het is (PowerShell meldt dat het pad niet bestaat).',
    },
    fix: { en: 'Use Remove-ItemProperty -Path <key> -Name <value>.', nl: 'Gebruik Remove-ItemProperty -Path <sleutel> -Name <waarde>.' },
  },
  'registry.script.command-fails': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Script command fails', nl: 'Scriptopdracht mislukt' },
    message: {
      en: '{file}:{line}: this command fails as written, so its change is not made ({detail}): {text}',
      nl: '{file}:{line}: deze opdracht mislukt zoals ze geschreven is, dus de wijziging wordt niet gemaakt ({detail}): {text}',
    },
  },
  'registry.script.conditional': {
    severity: 'info',
    group: 'note',
    title: { en: 'Entry with a condition', nl: 'Regel met een voorwaarde' },
    message: {
      en: '{file}:{line}: audited as applied, but the entry only runs when its condition holds ({detail}).',
      nl: '{file}:{line}: gecontroleerd alsof toegepast, maar de regel wordt alleen uitgevoerd als de voorwaarde klopt ({detail}).',
    },
  },
  'registry.listing.types': {
    severity: 'info',
    group: 'note',
    title: { en: 'Listing without value types', nl: 'Overzicht zonder waardetypen' },
    message: {
      en: '{file}: a PowerShell listing does not show value types; numbers are read as REG_DWORD. A REG_SZ "1" would look the same and Windows would ignore it: reg query ... /s shows the types.',
      nl: '{file}: een PowerShell-overzicht toont geen waardetypen; getallen worden gelezen als REG_DWORD. Een REG_SZ "1" ziet er hetzelfde uit en Windows negeert die: reg query ... /s toont de typen.',
    },
  },
  'registry.listing.no-key': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Listed value without its key', nl: 'Waarde in overzicht zonder sleutel' },
    message: {
      en: '{file}:{line}: this value has no key in the listing (no PSPath or Hive line), so it is not audited: {text}',
      nl: '{file}:{line}: deze waarde heeft geen sleutel in het overzicht (geen PSPath- of Hive-regel), dus ze wordt niet gecontroleerd: {text}',
    },
  },
  'registry.listing.truncated': {
    severity: 'warning',
    group: 'no-effect',
    title: { en: 'Value cut off in the listing', nl: 'Waarde afgekapt in het overzicht' },
    message: {
      en: '{file}:{line}: the console cut this value off, so it is not audited: {text}',
      nl: '{file}:{line}: de console heeft deze waarde afgekapt, dus ze wordt niet gecontroleerd: {text}',
    },
  },
  'registry.controlset.audited': {
    severity: 'info',
    group: 'note',
    title: { en: 'Values from a numbered control set', nl: 'Waarden uit een genummerde control set' },
    message: {
      en: '{file}:{line}: the values are under {set}, not CurrentControlSet; they are audited as the control set Windows runs with. CurrentControlSet normally points to the one HKLM\\SYSTEM\\Select\\Current names ({select}).',
      nl: '{file}:{line}: de waarden staan onder {set}, niet onder CurrentControlSet; ze worden gecontroleerd als de control set waarmee Windows draait. CurrentControlSet wijst normaal naar de set die HKLM\\SYSTEM\\Select\\Current noemt ({select}).',
    },
  },
  'registry.controlset.not-audited': {
    severity: 'warning',
    group: 'note',
    title: { en: 'Control set not audited', nl: 'Control set niet gecontroleerd' },
    message: {
      en: '{file}: the input holds several control sets; {set} ({count} values) is not audited, {audited} is ({why}).',
      nl: '{file}: de invoer bevat meerdere control sets; {set} ({count} waarden) wordt niet gecontroleerd, {audited} wel ({why}).',
    },
  },
  'registry.loaded-hive': {
    severity: 'info',
    group: 'note',
    title: { en: 'Hive loaded under another name', nl: 'Hive onder een andere naam geladen' },
    message: {
      en: '{file}:{line}: keys under HKLM\\{hive} are read as HKLM\\{as}: a hive loaded under another name (an offline or recovery copy). The audit describes that copy.',
      nl: '{file}:{line}: sleutels onder HKLM\\{hive} worden gelezen als HKLM\\{as}: een hive die onder een andere naam is geladen (een offline- of herstelkopie). De controle beschrijft die kopie.',
    },
  },
});

export const ui: Record<string, Text> = {
  'registry.description': {
    en: 'Audit Windows TLS settings (SCHANNEL, .NET, WinHTTP, ciphers) from a .reg export, reg query output or the live registry, and write the fix',
    nl: 'Controleer de TLS-instellingen van Windows (SCHANNEL, .NET, WinHTTP, versleuteling) uit een .reg-export, uitvoer van reg query of het live register, en schrijf de oplossing',
  },
  'registry.title': { en: 'Windows TLS registry audit', nl: 'Controle van de TLS-registerinstellingen van Windows' },
  'registry.input': { en: 'Input', nl: 'Invoer' },
  'registry.windows': { en: 'Windows', nl: 'Windows' },
  'registry.windows-all': { en: 'all versions (pick one with --os)', nl: 'alle versies (kies er één met --os)' },
  'registry.windows-detected': { en: '{os} (from CurrentBuild)', nl: '{os} (volgens CurrentBuild)' },
  'registry.col-protocol': { en: 'Protocol', nl: 'Protocol' },
  'registry.col-client': { en: 'Client (outgoing)', nl: 'Client (uitgaand)' },
  'registry.col-server': { en: 'Server (incoming)', nl: 'Server (inkomend)' },
  'registry.col-verdict': { en: 'Verdict', nl: 'Oordeel' },
  'registry.state.on': { en: 'on', nl: 'aan' },
  'registry.state.off': { en: 'off', nl: 'uit' },
  'registry.state.explicit-only': { en: 'disabled by default', nl: 'standaard uit' },
  'registry.state.not-supported': { en: 'not supported', nl: 'niet ondersteund' },
  'registry.verdict.enabled': { en: 'Enabled', nl: 'Ingeschakeld' },
  'registry.verdict.disabled': { en: 'Disabled', nl: 'Uitgeschakeld' },
  'registry.verdict.half-disabled': { en: 'Half Disabled', nl: 'Half uitgeschakeld (Half Disabled)' },
  'registry.verdict.misconfigured': { en: 'Misconfigured', nl: 'Verkeerd geconfigureerd (Misconfigured)' },
  'registry.verdict.not-supported': { en: 'not supported', nl: 'niet ondersteund' },
  'registry.not-set': { en: 'not set', nl: 'niet ingesteld' },
  'registry.client': { en: 'Client', nl: 'Client' },
  'registry.server': { en: 'Server', nl: 'Server' },
  'registry.client-and-server': { en: 'Client and Server', nl: 'Client en Server' },
  'registry.view.64-bit': { en: '64-bit', nl: '64-bits' },
  'registry.view.32-bit': { en: '32-bit (Wow6432Node)', nl: '32-bits (Wow6432Node)' },
  'registry.dotnet': { en: '.NET Framework', nl: '.NET Framework' },
  'registry.only-on': { en: '(only on {os})', nl: '(alleen op {os})' },
  'registry.not-on': { en: '(not on {os})', nl: '(niet op {os})' },
  'registry.where.policy': { en: 'Group Policy', nl: 'Groepsbeleid' },
  'registry.where.local': { en: 'local', nl: 'lokaal' },
  'registry.group.breaks-mail-flow': { en: 'Breaks mail flow', nl: 'Breekt de e-mailstroom' },
  'registry.group.risky': { en: 'Risky', nl: 'Riskant' },
  'registry.group.no-effect': { en: 'Has no effect', nl: 'Heeft geen effect' },
  'registry.group.note': { en: 'Good to know', nl: 'Goed om te weten' },
  'registry.no-findings': {
    en: 'No findings: TLS 1.2 is on for Client and Server and .NET uses the Windows defaults.',
    nl: 'Geen bevindingen: TLS 1.2 staat aan voor Client en Server en .NET gebruikt de standaardinstellingen van Windows.',
  },
  'registry.fix-written': { en: 'Fix written to {file}: {count} values.', nl: 'Oplossing geschreven naar {file}: {count} waarden.' },
  'registry.fix-nothing': { en: 'Nothing to fix: {file} only holds a comment.', nl: 'Niets op te lossen: {file} bevat alleen een opmerking.' },
  'registry.fix-restart': {
    en: 'Restart the server after importing it: Schannel reads these settings only at start-up.',
    nl: 'Start de server opnieuw op na het importeren: Schannel leest deze instellingen alleen bij het opstarten.',
  },
  'registry.fix-check': { en: 'Check the result: {command}', nl: 'Controleer het resultaat: {command}' },
  'registry.fix-left': {
    en: 'Not changed by the fix (decide yourself, or use --disable-legacy): {ids}',
    nl: 'Niet gewijzigd door de oplossing (beslis zelf, of gebruik --disable-legacy): {ids}',
  },
  // Texts written into the fix files (comments).
  'registry.fixfile.title': { en: 'mailtls registry fix for {os}', nl: 'mailtls-registeroplossing voor {os}' },
  'registry.fixfile.all-os': { en: 'every Windows Server version', nl: 'elke versie van Windows Server' },
  'registry.fixfile.only-needed': {
    en: 'Changes only what is needed to make TLS 1.2 and .NET right; nothing else.',
    nl: 'Wijzigt alleen wat nodig is om TLS 1.2 en .NET goed te zetten; verder niets.',
  },
  'registry.fixfile.restart': {
    en: 'Restart the server afterwards: Schannel reads these settings only at start-up.',
    nl: 'Start de server daarna opnieuw op: Schannel leest deze instellingen alleen bij het opstarten.',
  },
  'registry.fixfile.nothing': { en: 'Nothing to change.', nl: 'Niets te wijzigen.' },
  'registry.fixfile.ignored-key': {
    en: 'Has no effect (you may delete it): {key}',
    nl: 'Heeft geen effect (mag weg): {key}',
  },
  'registry.fixfile.done': {
    en: 'Done. Restart the server for the changes to take effect.',
    nl: 'Klaar. Start de server opnieuw op om de wijzigingen van kracht te laten worden.',
  },
  // CLI help
  'registry.opt-live': {
    en: 'read the registry of this Windows machine with reg.exe (read only)',
    nl: 'lees het register van deze Windows-computer met reg.exe (alleen lezen)',
  },
  'registry.opt-os': {
    en: 'Windows version: 2008r2, 2012, 2012r2, 2016, 2019, 2022, 2025',
    nl: 'Windows-versie: 2008r2, 2012, 2012r2, 2016, 2019, 2022, 2025',
  },
  'registry.opt-fix-reg': {
    en: 'write the minimal fix as a .reg file (UTF-16LE, as regedit writes it)',
    nl: 'schrijf de kleinste oplossing als .reg-bestand (UTF-16LE, zoals regedit het schrijft)',
  },
  'registry.opt-fix-ps1': { en: 'write the minimal fix as a PowerShell script', nl: 'schrijf de kleinste oplossing als PowerShell-script' },
  'registry.opt-disable-legacy': {
    en: 'let the fix also switch off SSL, TLS 1.0/1.1, weak ciphers and MD5',
    nl: 'laat de oplossing ook SSL, TLS 1.0/1.1, zwakke versleuteling en MD5 uitschakelen',
  },
  'registry.err-not-readable': {
    en: '{file}: looks like {what}, not a registry export, reg query output or registry script; make a readable input on the server: reg export "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" schannel.reg, or reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" /s > out.txt, or run mailtls registry --live there',
    nl: '{file}: lijkt op {what}, niet op een registerexport, uitvoer van reg query of registerscript; maak op de server een leesbare invoer: reg export "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" schannel.reg, of reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" /s > out.txt, of voer daar mailtls registry --live uit',
  },
  'registry.looks.binary': { en: 'a binary file', nl: 'een binair bestand' },
  'registry.looks.executable': { en: 'a program (executable)', nl: 'een programma (uitvoerbaar bestand)' },
  'registry.looks.json': { en: 'a JSON document', nl: 'een JSON-document' },
  'registry.looks.ini': { en: 'an INI file', nl: 'een INI-bestand' },
  'registry.looks.xml': { en: 'an XML or HTML document', nl: 'een XML- of HTML-document' },
  'registry.looks.script-no-registry': { en: 'a script that sets no registry value', nl: 'een script dat geen registerwaarde instelt' },
  'registry.looks.text': { en: 'plain text (first line: "{first}")', nl: 'platte tekst (eerste regel: "{first}")' },
  'registry.kind.ps1': { en: 'PowerShell script', nl: 'PowerShell-script' },
  'registry.kind.cmd': { en: 'batch file (reg add / reg delete)', nl: 'batchbestand (reg add / reg delete)' },
  'registry.kind.inno': { en: 'Inno Setup script ([Registry] section)', nl: 'Inno Setup-script (sectie [Registry])' },
  'registry.select-in-input': { en: 'Select\\Current = {n} in the input', nl: 'Select\\Current = {n} in de invoer' },
  'registry.select-missing': {
    en: 'the input has no Select\\Current; check it with: reg query HKLM\\SYSTEM\\Select /v Current',
    nl: 'de invoer heeft geen Select\\Current; controleer met: reg query HKLM\\SYSTEM\\Select /v Current',
  },
  'registry.chosen.select-current': { en: 'Select\\Current names it', nl: 'Select\\Current noemt die' },
  'registry.chosen.lowest': {
    en: 'no Select\\Current in the input: the lowest number is audited',
    nl: 'geen Select\\Current in de invoer: het laagste nummer wordt gecontroleerd',
  },
  'registry.chosen.only-one': { en: 'the only one', nl: 'de enige' },
  'registry.state-after': {
    en: 'State AFTER running {file} on a default Windows (not the state of a server)',
    nl: 'Toestand NA het uitvoeren van {file} op een standaard-Windows (niet de toestand van een server)',
  },
  'registry.control-set': { en: 'Control set audited', nl: 'Gecontroleerde control set' },
  'registry.err-no-input': {
    en: 'give a .reg file, reg query output (a file or - for stdin) or --live',
    nl: 'geef een .reg-bestand, uitvoer van reg query (een bestand of - voor stdin) of --live',
  },
  'registry.err-bad-os': {
    en: 'unknown --os "{os}" (use 2008r2, 2012, 2012r2, 2016, 2019, 2022 or 2025)',
    nl: 'onbekende --os "{os}" (gebruik 2008r2, 2012, 2012r2, 2016, 2019, 2022 of 2025)',
  },
};

/** What the registry audit renders. */
export const { finding, entry, text } = catalogue({ name: 'registry', findings, ui });
/** A finding id this capability renders. */
export type FindingId = Parameters<typeof finding>[0];
