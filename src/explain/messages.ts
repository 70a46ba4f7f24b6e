// Finding texts (the `sig.*` error signatures) and human-interface strings of explain, in English and Dutch.
import { defineCatalog, type CatalogEntry, type Severity } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';

const t = (en: string, nl: string): Text => ({ en, nl });

/** The keys and restart every TLS 1.2 fix on Windows needs (the article's, with the path and DWORDs written correctly). */
const WIN_TLS12: Text = t(
  'On the Windows server, enable TLS 1.2 for Schannel: under HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client and \\Server set "Enabled"=dword:00000001 and "DisabledByDefault"=dword:00000000; for .NET set SchUseStrongCrypto and SystemDefaultTlsVersions to dword:00000001; restart the server and install the latest Windows and Exchange updates. `mailtls registry --live --fix-reg tls12.reg` writes exactly these keys.',
  'Schakel op de Windows-server TLS 1.2 in voor Schannel: zet onder HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client en \\Server "Enabled"=dword:00000001 en "DisabledByDefault"=dword:00000000; zet voor .NET SchUseStrongCrypto en SystemDefaultTlsVersions op dword:00000001; start de server opnieuw op en installeer de nieuwste updates voor Windows en Exchange. `mailtls registry --live --fix-reg tls12.reg` schrijft precies deze sleutels.',
);

function sig(severity: Severity, title: Text, message: Text, cause: Text, fix: Text, next: string): CatalogEntry {
  return { severity, title, message, cause, fix, next, group: 'signature' };
}

export const findings = defineCatalog({
  'sig.socket-error-421': sig(
    'error',
    t('421 4.4.2 Connection dropped due to SocketError: TLS handshake broken off', '421 4.4.2 Connection dropped due to SocketError: TLS-handshake afgebroken'),
    t(
      'The TLS handshake between the sending and the receiving server broke off; the message stays in the queue and is retried until it expires.',
      'De TLS-handshake tussen de verzendende en de ontvangende server is afgebroken; het bericht blijft in de wachtrij staan en wordt opnieuw geprobeerd tot het verloopt.',
    ),
    t(
      'One side offers only TLS 1.0/1.1 (or no cipher suite the other accepts) and the other side resets the connection. With Exchange Online this is almost always the on-premises Exchange server, appliance or MTA: Exchange Online refuses TLS 1.0/1.1 since MC229914 and never uses them to send.',
      'Een van beide kanten biedt alleen TLS 1.0/1.1 aan (of geen coderingssuite die de andere kant accepteert) en de andere kant verbreekt de verbinding. Bij Exchange Online is dat vrijwel altijd de on-premises Exchange-server, appliance of MTA: Exchange Online weigert TLS 1.0/1.1 sinds MC229914 en gebruikt ze nooit om te verzenden.',
    ),
    WIN_TLS12,
    'mailtls listen',
  ),
  'sig.tls-negotiation-failed': sig(
    'error',
    t('TLS negotiation failed (Exchange protocol log)', 'TLS-onderhandeling mislukt (Exchange-protocollogboek)'),
    t(
      'The Exchange protocol log shows a TLS handshake that did not complete; the error name says how it failed.',
      'Het Exchange-protocollogboek toont een TLS-handshake die niet is voltooid; de foutnaam zegt hoe die mislukte.',
    ),
    t(
      "SocketError (the article's case): the peer reset the connection during the handshake, typically because one side offers only TLS 1.0/1.1 — Exchange Online refuses those. AlgorithmMismatch: no cipher suite in common. Other names are Windows security status codes (e.g. UntrustedRoot, CertExpired: certificate problems). Unless the connector requires TLS, Exchange then retries the same host without STARTTLS, so mail may go out unencrypted.",
      'SocketError (het geval uit het artikel): de andere kant heeft de verbinding tijdens de handshake verbroken, meestal omdat een van beide kanten alleen TLS 1.0/1.1 aanbiedt — Exchange Online weigert die. AlgorithmMismatch: geen gemeenschappelijke coderingssuite. Andere namen zijn Windows-beveiligingsstatuscodes (bijv. UntrustedRoot, CertExpired: certificaatproblemen). Als de connector TLS niet verplicht stelt, probeert Exchange dezelfde host daarna opnieuw zonder STARTTLS; de e-mail kan dan onversleuteld worden verzonden.',
    ),
    WIN_TLS12,
    'mailtls registry --live',
  ),
  'sig.tls-no-credentials': sig(
    'error',
    t('TLS negotiation failed with error NoCredentials: no usable certificate', 'TLS negotiation failed with error NoCredentials: geen bruikbaar certificaat'),
    t(
      'Exchange could not start TLS because it found no certificate with a usable private key.',
      'Exchange kon TLS niet starten omdat er geen certificaat met een bruikbare persoonlijke sleutel is gevonden.',
    ),
    t(
      'The certificate Exchange selects for STARTTLS has no private key, or the Network Service account cannot read it (KB 4495258). Messages to external domains stay deferred. The TLS version is not the problem here.',
      'Het certificaat dat Exchange voor STARTTLS kiest, heeft geen persoonlijke sleutel of het account Netwerkservice kan die niet lezen (KB 4495258). Berichten naar externe domeinen blijven uitgesteld. De TLS-versie is hier niet het probleem.',
    ),
    t(
      'In the Exchange Management Shell run Get-ExchangeCertificate | fl Thumbprint,Subject,Services,HasPrivateKey,NotAfter; import the certificate again with its private key (.pfx), enable it with Enable-ExchangeCertificate -Thumbprint <thumbprint> -Services SMTP, and restart the Microsoft Exchange Transport service.',
      'Voer in de Exchange Management Shell Get-ExchangeCertificate | fl Thumbprint,Subject,Services,HasPrivateKey,NotAfter uit; importeer het certificaat opnieuw met de persoonlijke sleutel (.pfx), schakel het in met Enable-ExchangeCertificate -Thumbprint <thumbprint> -Services SMTP en start de service Microsoft Exchange Transport opnieuw op.',
    ),
    'mailtls probe <this-server>:25',
  ),
  'sig.tls-unknown-credentials': sig(
    'error',
    t(
      'TLS negotiation failed with error UnknownCredentials: certificate not found or not bound to SMTP',
      'TLS negotiation failed with error UnknownCredentials: certificaat niet gevonden of niet aan SMTP gekoppeld',
    ),
    t('Exchange could not start TLS with the certificate it was told to use.', 'Exchange kon TLS niet starten met het certificaat dat het moest gebruiken.'),
    t(
      'The certificate named on the connector (TlsCertificateName) or enabled for SMTP is missing, expired, or not enabled for SMTP — common after a third-party certificate was renewed.',
      'Het certificaat dat op de connector staat (TlsCertificateName) of voor SMTP is ingeschakeld, ontbreekt, is verlopen of is niet voor SMTP ingeschakeld — vaak na het vernieuwen van een certificaat van een externe uitgever.',
    ),
    t(
      'Compare Get-SendConnector | fl Name,TlsCertificateName and Get-ReceiveConnector | fl Name,TlsCertificateName with Get-ExchangeCertificate; enable the renewed certificate for SMTP (Enable-ExchangeCertificate -Services SMTP), set TlsCertificateName to "<I>issuer<S>subject" of that certificate, and restart the Microsoft Exchange Transport service.',
      'Vergelijk Get-SendConnector | fl Name,TlsCertificateName en Get-ReceiveConnector | fl Name,TlsCertificateName met Get-ExchangeCertificate; schakel het vernieuwde certificaat in voor SMTP (Enable-ExchangeCertificate -Services SMTP), zet TlsCertificateName op "<I>uitgever<S>onderwerp" van dat certificaat en start de service Microsoft Exchange Transport opnieuw op.',
    ),
    'mailtls probe <this-server>:25',
  ),
  'sig.must-issue-starttls': sig(
    'error',
    t('Must issue a STARTTLS command first: the sender did not start TLS', 'Must issue a STARTTLS command first: de afzender heeft geen TLS gestart'),
    t(
      'The receiving server requires TLS, but the sender sent mail commands without STARTTLS.',
      'De ontvangende server vereist TLS, maar de afzender stuurde e-mailopdrachten zonder STARTTLS.',
    ),
    t(
      'The receive connector requires TLS (RequireTLS, or Exchange Online behind a TLS-enforcing connector) and the sender did not start TLS. Often the sender did try: its handshake failed (only TLS 1.0/1.1, no common suite) and Exchange retried the same host without STARTTLS, which the receiver refuses.',
      'De ontvangstconnector vereist TLS (RequireTLS, of Exchange Online achter een connector die TLS afdwingt) en de afzender heeft geen TLS gestart. Vaak heeft de afzender het wel geprobeerd: de handshake mislukte (alleen TLS 1.0/1.1, geen gemeenschappelijke coderingssuite) en Exchange probeerde dezelfde host opnieuw zonder STARTTLS, wat de ontvanger weigert.',
    ),
    t(
      'Make TLS 1.2 work on the sending server (SCHANNEL TLS 1.2\\Client: "Enabled"=dword:00000001, "DisabledByDefault"=dword:00000000, .NET strong crypto, restart), make sure its send connector does not skip STARTTLS (IgnoreSTARTTLS $false), and that the receiver offers STARTTLS with a valid certificate.',
      'Zorg dat TLS 1.2 werkt op de verzendende server (SCHANNEL TLS 1.2\\Client: "Enabled"=dword:00000001, "DisabledByDefault"=dword:00000000, sterke cryptografie voor .NET, opnieuw opstarten), dat de verzendconnector STARTTLS niet overslaat (IgnoreSTARTTLS $false) en dat de ontvanger STARTTLS aanbiedt met een geldig certificaat.',
    ),
    'mailtls listen --policy exchange-server',
  ),
  'sig.must-issue-starttls-530': sig(
    'error',
    t(
      '530 5.7.0 Must issue a STARTTLS command first (Postfix / RFC 3207 receiver)',
      '530 5.7.0 Must issue a STARTTLS command first (ontvanger met Postfix / RFC 3207)',
    ),
    t(
      'A receiving server that requires TLS (Postfix and most non-Microsoft MTAs) refused mail commands sent without STARTTLS.',
      "Een ontvangende server die TLS vereist (Postfix en de meeste MTA's die niet van Microsoft zijn) weigerde e-mailopdrachten die zonder STARTTLS zijn verzonden.",
    ),
    t(
      'The receiver runs with smtpd_tls_security_level=encrypt (or its equivalent). The sender either cannot do STARTTLS at all, or its handshake failed and it fell back to plain text — typical for an old Exchange server or a scanner that only speaks TLS 1.0/1.1.',
      'De ontvanger draait met smtpd_tls_security_level=encrypt (of iets vergelijkbaars). De afzender kan helemaal geen STARTTLS, of de handshake mislukte en de afzender viel terug op onversleutelde tekst — typisch voor een oude Exchange-server of een scanner die alleen TLS 1.0/1.1 spreekt.',
    ),
    t(
      'Let the sender use STARTTLS with TLS 1.2 (update the device, or enable TLS 1.2 on its server); for a device that really cannot, accept it on a separate listener restricted to its IP address instead of weakening TLS for everyone.',
      'Laat de afzender STARTTLS met TLS 1.2 gebruiken (werk het apparaat bij of schakel TLS 1.2 in op de server); accepteer een apparaat dat het echt niet kan op een aparte listener die beperkt is tot het IP-adres ervan, in plaats van TLS voor iedereen te verzwakken.',
    ),
    'mailtls listen --policy exchange-server',
  ),
  'sig.starttls-required': sig(
    'error',
    t(
      '451 5.7.3 STARTTLS is required to send mail: Exchange Online refused plain text',
      '451 5.7.3 STARTTLS is required to send mail: Exchange Online weigerde onversleutelde e-mail',
    ),
    t(
      'Exchange Online refused mail because the connection was not encrypted.',
      'Exchange Online heeft e-mail geweigerd omdat de verbinding niet versleuteld was.',
    ),
    t(
      'Exchange Online requires TLS on this connection — client submission to smtp.office365.com, or an inbound connector that requires TLS — and the sender sent MAIL FROM without STARTTLS, or its TLS handshake failed and it fell back to plain text.',
      'Exchange Online vereist TLS op deze verbinding — verzending door een client naar smtp.office365.com, of een binnenkomende connector die TLS vereist — en de afzender stuurde MAIL FROM zonder STARTTLS, of de TLS-handshake mislukte en de afzender viel terug op onversleutelde tekst.',
    ),
    t(
      'Configure the device or server to use STARTTLS with TLS 1.2 (port 587 for client submission, 25 for server-to-server). On a Windows sender enable TLS 1.2 (SCHANNEL and .NET keys) and restart; on a scanner or application install the firmware or framework update that adds TLS 1.2.',
      'Stel het apparaat of de server in op STARTTLS met TLS 1.2 (poort 587 voor verzending door clients, 25 tussen servers). Schakel op een Windows-afzender TLS 1.2 in (SCHANNEL- en .NET-sleutels) en start opnieuw op; installeer op een scanner of toepassing de firmware- of frameworkupdate die TLS 1.2 toevoegt.',
    ),
    'mailtls listen',
  ),
  'sig.4-4-317': sig(
    'error',
    t(
      '4.4.317 Cannot connect to remote server: Exchange Online cannot deliver to your server',
      '4.4.317 Cannot connect to remote server: Exchange Online kan niet bij uw server bezorgen',
    ),
    t(
      'Exchange Online is the sending server here: it could not deliver to the receiving server (your on-premises server, or the remote server named in the NDR) and keeps retrying; when the message expires the sender gets an NDR 550 5.4.317. The receiving server has to be fixed, not the sender.',
      'Exchange Online is hier de verzendende server: die kon niet bezorgen bij de ontvangende server (uw on-premises server, of de externe server die in de NDR staat) en blijft het opnieuw proberen; als het bericht verloopt, krijgt de afzender een NDR 550 5.4.317. De ontvangende server moet worden gerepareerd, niet de afzender.',
    ),
    t(
      'The outbound connector from Exchange Online to your organisation requires TLS (hybrid), but your server did not complete STARTTLS with TLS 1.2: it does not offer STARTTLS, offers only TLS 1.0/1.1, or its certificate does not match the connector. The text in brackets is what came back.',
      'De uitgaande connector van Exchange Online naar uw organisatie vereist TLS (hybride), maar uw server heeft STARTTLS met TLS 1.2 niet voltooid: die biedt geen STARTTLS aan, alleen TLS 1.0/1.1, of het certificaat past niet bij de connector. De tekst tussen haken is het antwoord dat terugkwam.',
    ),
    t(
      'On the server that receives from Exchange Online (hybrid receive connector or Edge): enable TLS 1.2 as server (SCHANNEL TLS 1.2\\Server: "Enabled"=dword:00000001, "DisabledByDefault"=dword:00000000), offer STARTTLS with a valid certificate whose name matches the connector\'s TlsDomain/TlsCertificateName, restart, and validate the outbound connector again.',
      'Schakel op de server die van Exchange Online ontvangt (hybride ontvangstconnector of Edge) TLS 1.2 in als server (SCHANNEL TLS 1.2\\Server: "Enabled"=dword:00000001, "DisabledByDefault"=dword:00000000), bied STARTTLS aan met een geldig certificaat waarvan de naam overeenkomt met TlsDomain/TlsCertificateName van de connector, start opnieuw op en valideer de uitgaande connector opnieuw.',
    ),
    'mailtls probe <your-on-premises-mx-host>',
  ),
  'sig.4-7-66': sig(
    'error',
    t(
      '421 4.7.66 TLS 1.0 and 1.1 are not supported: device or app submits with old TLS',
      '421 4.7.66 TLS 1.0 and 1.1 are not supported: apparaat of toepassing verzendt met oude TLS',
    ),
    t(
      'Exchange Online refused a device or application that submits mail with SMTP AUTH over TLS 1.0/1.1.',
      'Exchange Online heeft een apparaat of toepassing geweigerd dat e-mail via SMTP AUTH verzendt over TLS 1.0/1.1.',
    ),
    t(
      'The client (multifunctional printer, scanner, business application, old .NET or Java) negotiates TLS 1.0/1.1 with smtp.office365.com. This is client submission, not server-to-server mail flow.',
      'De client (multifunctionele printer, scanner, bedrijfstoepassing, oude .NET- of Java-versie) onderhandelt TLS 1.0/1.1 met smtp.office365.com. Dit is verzending door een client, niet de e-mailstroom tussen servers.',
    ),
    t(
      'Update the device firmware or the application (for .NET: SchUseStrongCrypto and SystemDefaultTlsVersions = 1, or .NET 4.7 or later; for Java: TLS 1.2). Or send through a connector to your MX host (SMTP relay). Only as a stopgap: smtp-legacy.office365.com after Set-TransportConfig -AllowLegacyTLSClients $true (not in GCC, GCC High or DoD).',
      'Werk de firmware van het apparaat of de toepassing bij (voor .NET: SchUseStrongCrypto en SystemDefaultTlsVersions = 1, of .NET 4.7 of hoger; voor Java: TLS 1.2). Of verzend via een connector naar uw MX-host (SMTP-relay). Alleen als noodoplossing: smtp-legacy.office365.com na Set-TransportConfig -AllowLegacyTLSClients $true (niet in GCC, GCC High of DoD).',
    ),
    'mailtls listen',
  ),
  'sig.suspicious-remote-server': sig(
    'error',
    t(
      '4.4.318 SuspiciousRemoteServerError: the receiving server disconnected abruptly',
      '4.4.318 SuspiciousRemoteServerError: de ontvangende server verbrak de verbinding abrupt',
    ),
    t(
      'Exchange Online (or Exchange), sending to the receiving server, saw the connection drop during or just after STARTTLS and delays the retry. The receiving server has to be fixed.',
      'Exchange Online (of Exchange) zag bij het verzenden naar de ontvangende server de verbinding wegvallen tijdens of vlak na STARTTLS en stelt de volgende poging uit. De ontvangende server moet worden gerepareerd.',
    ),
    t(
      'Typical when the receiving server speaks only TLS 1.0/1.1 (Exchange 2003/2007, Windows Server 2003/2008, old appliances) or has no suite in common with Exchange Online. After two days the sender gets 550 4.4.7 QUEUE.Expired.',
      'Typisch wanneer de ontvangende server alleen TLS 1.0/1.1 spreekt (Exchange 2003/2007, Windows Server 2003/2008, oude appliances) of geen coderingssuite gemeen heeft met Exchange Online. Na twee dagen krijgt de afzender 550 4.4.7 QUEUE.Expired.',
    ),
    t(
      'Enable TLS 1.2 as server on the receiving server (SCHANNEL TLS 1.2\\Server, restart) or replace it; a firewall doing SMTP inspection in between can also cut STARTTLS — turn that off.',
      'Schakel TLS 1.2 in als server op de ontvangende server (SCHANNEL TLS 1.2\\Server, opnieuw opstarten) of vervang die; ook een firewall met SMTP-inspectie ertussen kan STARTTLS afbreken — schakel die inspectie uit.',
    ),
    'mailtls probe <your-mx-host>',
  ),
  'sig.auth-temp-failure-454': sig(
    'info',
    t('454 4.7.0 Temporary authentication failure: not a TLS problem', '454 4.7.0 Temporary authentication failure: geen TLS-probleem'),
    t(
      'This reply is an authentication (Kerberos / Active Directory) error, not a TLS version problem.',
      'Dit antwoord is een verificatiefout (Kerberos / Active Directory), geen probleem met de TLS-versie.',
    ),
    t(
      'Between Exchange servers it usually means Kerberos authentication failed: the computer account or its secure channel with the domain is broken, the clocks differ by more than 5 minutes, or an SPN is registered twice. TLS settings do not cause it.',
      'Tussen Exchange-servers betekent dit meestal dat Kerberos-verificatie is mislukt: het computeraccount of het beveiligde kanaal met het domein is defect, de klokken wijken meer dan 5 minuten af, of een SPN is dubbel geregistreerd. TLS-instellingen veroorzaken dit niet.',
    ),
    t(
      'Run Test-ComputerSecureChannel, check time synchronisation with the domain controllers (w32tm /query /status) and duplicate SPNs (setspn -X), and read the System log for Kerberos and Netlogon errors. Leave the TLS settings alone for this one.',
      "Voer Test-ComputerSecureChannel uit, controleer de tijdsynchronisatie met de domeincontrollers (w32tm /query /status) en dubbele SPN's (setspn -X), en bekijk het systeemlogboek op Kerberos- en Netlogon-fouten. Laat de TLS-instellingen hiervoor ongemoeid.",
    ),
    'mailtls probe <host>',
  ),
  'sig.tls-not-available-454': sig(
    'error',
    t(
      '454 4.7.0 TLS not available due to local problem: the receiver cannot start TLS',
      '454 4.7.0 TLS not available due to local problem: de ontvanger kan TLS niet starten',
    ),
    t(
      'The receiving server announced STARTTLS but could not start TLS when asked.',
      'De ontvangende server kondigde STARTTLS aan, maar kon TLS niet starten toen daarom werd gevraagd.',
    ),
    t(
      'The receiver (usually Postfix) has a missing, unreadable or mismatched certificate or key file, or TLS settings that leave no protocol enabled.',
      'De ontvanger (meestal Postfix) heeft een ontbrekend, onleesbaar of niet bij elkaar passend certificaat- of sleutelbestand, of TLS-instellingen waarbij geen enkel protocol overblijft.',
    ),
    t(
      'On the receiving server read the log line just before (warning: TLS library problem / cannot load), fix smtpd_tls_cert_file and smtpd_tls_key_file (or smtpd_tls_chain_files) and their permissions, make sure smtpd_tls_protocols allows TLSv1.2, and reload Postfix.',
      'Lees op de ontvangende server de logregel ervoor (warning: TLS library problem / cannot load), corrigeer smtpd_tls_cert_file en smtpd_tls_key_file (of smtpd_tls_chain_files) en de bestandsrechten, zorg dat smtpd_tls_protocols TLSv1.2 toestaat en laad Postfix opnieuw.',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.version-too-low': sig(
    'error',
    t('OpenSSL: version too low — a client offered only an old TLS version', 'OpenSSL: version too low — een client bood alleen een oude TLS-versie aan'),
    t(
      "OpenSSL on this server refused a connecting client because its highest TLS version is below this server's minimum.",
      'OpenSSL op deze server weigerde een verbindende client omdat de hoogste TLS-versie daarvan onder het minimum van deze server ligt.',
    ),
    t(
      'The client offers only TLS 1.0/1.1 (or SSLv3) and this server requires TLS 1.2 — OpenSSL 3 and current Debian/Ubuntu builds refuse TLS below 1.2 by default. The same client will fail against Exchange Online.',
      'De client biedt alleen TLS 1.0/1.1 (of SSLv3) aan en deze server vereist TLS 1.2 — OpenSSL 3 en de huidige builds van Debian/Ubuntu weigeren standaard TLS lager dan 1.2. Dezelfde client mislukt ook bij Exchange Online.',
    ),
    t(
      'Upgrade the client to TLS 1.2 (for a Windows/Exchange client: the SCHANNEL TLS 1.2\\Client keys and .NET strong crypto, then restart). Lowering the minimum here (TLSv1 in smtpd_tls_protocols, @SECLEVEL=0) only hides the problem.',
      'Werk de client bij naar TLS 1.2 (voor een Windows/Exchange-client: de SCHANNEL-sleutels TLS 1.2\\Client en sterke cryptografie voor .NET, daarna opnieuw opstarten). Het minimum hier verlagen (TLSv1 in smtpd_tls_protocols, @SECLEVEL=0) verbergt het probleem alleen.',
    ),
    'mailtls logs <mail-log>',
  ),
  'sig.unsupported-protocol': sig(
    'error',
    t('OpenSSL: unsupported protocol — no TLS version in common', 'OpenSSL: unsupported protocol — geen gemeenschappelijke TLS-versie'),
    t(
      'OpenSSL ended the handshake because the two sides share no TLS version.',
      'OpenSSL heeft de handshake beëindigd omdat beide kanten geen TLS-versie gemeen hebben.',
    ),
    t(
      'On the server side (tls_early_post_process_client_hello) a connecting client offered only TLS 1.0/1.1; on the client side (ssl_choose_client_version) the remote server answered with a version this side no longer allows. OpenSSL 3 refuses TLS below 1.2 at its default security level.',
      'Aan de serverkant (tls_early_post_process_client_hello) bood een verbindende client alleen TLS 1.0/1.1 aan; aan de clientkant (ssl_choose_client_version) antwoordde de externe server met een versie die deze kant niet meer toestaat. OpenSSL 3 weigert TLS lager dan 1.2 op het standaardbeveiligingsniveau.',
    ),
    t(
      'Move the old side to TLS 1.2 (a Windows/Exchange peer: SCHANNEL TLS 1.2 keys, .NET strong crypto, restart). Do not lower the minimum here to TLS 1.0: Exchange Online refuses that peer anyway.',
      'Zet de oude kant over op TLS 1.2 (een Windows/Exchange-server: SCHANNEL-sleutels voor TLS 1.2, sterke cryptografie voor .NET, opnieuw opstarten). Verlaag het minimum hier niet naar TLS 1.0: Exchange Online weigert die server toch.',
    ),
    'mailtls logs <mail-log>',
  ),
  'sig.wrong-version-number': sig(
    'error',
    t(
      'OpenSSL: wrong version number — the peer speaks another TLS version (or no TLS)',
      'OpenSSL: wrong version number — de andere kant spreekt een andere TLS-versie (of geen TLS)',
    ),
    t(
      "OpenSSL could not read the peer's handshake record: its version field is not one this side accepts.",
      'OpenSSL kon het handshakerecord van de andere kant niet lezen: het versieveld is niet een versie die deze kant accepteert.',
    ),
    t(
      'An old OpenSSL 1.0 server meeting a client with another version range, or a peer that is not speaking TLS at that moment (plain SMTP after STARTTLS, a proxy or firewall in between, implicit TLS on port 465 against STARTTLS).',
      'Een oude OpenSSL 1.0-server die een client met een ander versiebereik tegenkomt, of een andere kant die op dat moment geen TLS spreekt (onversleutelde SMTP na STARTTLS, een proxy of firewall ertussen, impliciete TLS op poort 465 tegenover STARTTLS).',
    ),
    t(
      'Check what the peer accepts with mailtls probe; move both sides to TLS 1.2; remove SMTP inspection on firewalls in between; use STARTTLS on port 25/587 and implicit TLS only on 465.',
      'Controleer met mailtls probe wat de andere kant accepteert; zet beide kanten over op TLS 1.2; schakel SMTP-inspectie op tussenliggende firewalls uit; gebruik STARTTLS op poort 25/587 en impliciete TLS alleen op 465.',
    ),
    'mailtls probe <host>',
  ),
  'sig.alert-protocol-version': sig(
    'error',
    t(
      "Alert protocol_version (70): the peer refused this side's TLS version",
      'Alert protocol_version (70): de andere kant weigerde de TLS-versie van deze kant',
    ),
    t(
      'The remote side ended the handshake with alert 70: it does not accept the TLS version this side offered.',
      'De andere kant beëindigde de handshake met alert 70: die accepteert de TLS-versie niet die deze kant aanbood.',
    ),
    t(
      "This side offers only TLS 1.0/1.1 (or caps its maximum below what the peer requires, e.g. Exchange Online's TLS 1.2).",
      'Deze kant biedt alleen TLS 1.0/1.1 aan (of begrenst de hoogste versie onder wat de andere kant vereist, bijv. TLS 1.2 van Exchange Online).',
    ),
    t(
      'Enable TLS 1.2 on this side: on an OpenSSL MTA check smtp_tls_protocols / smtp_tls_mandatory_protocols (no !TLSv1.2) and the OpenSSL version; on Windows the SCHANNEL TLS 1.2\\Client keys ("Enabled"=dword:00000001, "DisabledByDefault"=dword:00000000), then restart.',
      'Schakel TLS 1.2 in aan deze kant: controleer op een MTA met OpenSSL smtp_tls_protocols / smtp_tls_mandatory_protocols (geen !TLSv1.2) en de OpenSSL-versie; op Windows de SCHANNEL-sleutels TLS 1.2\\Client ("Enabled"=dword:00000001, "DisabledByDefault"=dword:00000000), en start daarna opnieuw op.',
    ),
    'mailtls listen',
  ),
  'sig.alert-handshake-failure': sig(
    'error',
    t('Alert handshake_failure (40): no cipher suite in common', 'Alert handshake_failure (40): geen gemeenschappelijke coderingssuite'),
    t(
      'The remote side ended the handshake with alert 40: it found nothing acceptable in what this side offered.',
      'De andere kant beëindigde de handshake met alert 40: die vond niets acceptabels in wat deze kant aanbood.',
    ),
    t(
      'The two sides have no cipher suite, signature algorithm or version in common. Exchange Online accepts only the ECDHE-RSA and RSA AES-GCM/CBC suites of its published list, with an RSA certificate.',
      'Beide kanten hebben geen coderingssuite, handtekeningalgoritme of versie gemeen. Exchange Online accepteert alleen de ECDHE-RSA- en RSA-suites met AES-GCM/CBC uit de gepubliceerde lijst, met een RSA-certificaat.',
    ),
    t(
      'Enable TLS 1.2 and the suites Exchange Online accepts (TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, …) on the side that offers too few; do not limit the list to ECDSA-only or CHACHA20-only suites.',
      'Schakel TLS 1.2 en de suites die Exchange Online accepteert (TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, …) in aan de kant die te weinig aanbiedt; beperk de lijst niet tot alleen ECDSA- of alleen CHACHA20-suites.',
    ),
    'mailtls probe <host> --ciphers',
  ),
  'sig.ssl-accept-error': sig(
    'warning',
    t(
      'Postfix: SSL_accept error — a connecting client failed the TLS handshake',
      'Postfix: SSL_accept error — een verbindende client doorliep de TLS-handshake niet',
    ),
    t(
      'A client that sent STARTTLS to this server did not complete the TLS handshake.',
      'Een client die STARTTLS naar deze server stuurde, heeft de TLS-handshake niet voltooid.',
    ),
    t(
      'Usually the client offers only TLS 1.0/1.1 or suites this server refuses; sometimes it just dropped the connection or timed out. The reason is on the "TLS library problem" line with the same process id.',
      'Meestal biedt de client alleen TLS 1.0/1.1 aan of suites die deze server weigert; soms verbrak die gewoon de verbinding of verliep de wachttijd. De reden staat op de regel "TLS library problem" met hetzelfde proces-id.',
    ),
    t(
      'Read the adjacent "TLS library problem" line: version too low or unsupported protocol means the client must move to TLS 1.2; a timeout or lost connection points at the network or the client.',
      'Lees de regel "TLS library problem" ernaast: version too low of unsupported protocol betekent dat de client naar TLS 1.2 moet; een time-out of verbroken verbinding wijst op het netwerk of de client.',
    ),
    'mailtls logs <mail-log>',
  ),
  'sig.ssl-connect-error': sig(
    'warning',
    t(
      'Postfix: SSL_connect error — the TLS handshake with the remote server failed',
      'Postfix: SSL_connect error — de TLS-handshake met de externe server is mislukt',
    ),
    t(
      'This server could not complete a TLS handshake with the remote server it was delivering to.',
      'Deze server kon geen TLS-handshake voltooien met de externe server waarnaar werd bezorgd.',
    ),
    t(
      'No common version (the remote allows only TLS 1.0/1.1, or this side is too old) or no common suite; the "TLS library problem" line next to it has the OpenSSL reason.',
      'Geen gemeenschappelijke versie (de externe server staat alleen TLS 1.0/1.1 toe, of deze kant is te oud) of geen gemeenschappelijke coderingssuite; de regel "TLS library problem" ernaast geeft de reden van OpenSSL.',
    ),
    t(
      'See what the remote accepts with mailtls probe; if it is stuck on TLS 1.0/1.1 its administrator must enable TLS 1.2; if this side is too strict or too old, update it.',
      'Bekijk met mailtls probe wat de externe server accepteert; zit die vast op TLS 1.0/1.1, dan moet de beheerder ervan TLS 1.2 inschakelen; is deze kant te streng of te oud, werk die dan bij.',
    ),
    'mailtls probe <remote-host>',
  ),
  'sig.cannot-start-tls': sig(
    'error',
    t('Postfix: Cannot start TLS: handshake failure — mail deferred', 'Postfix: Cannot start TLS: handshake failure — e-mail uitgesteld'),
    t(
      'Postfix, sending, could not complete the TLS handshake with the receiving server; the mail is deferred.',
      'Postfix kon bij het verzenden de TLS-handshake met de ontvangende server niet voltooien; de e-mail is uitgesteld.',
    ),
    t(
      'The sender and receiver share no TLS version or suite. With smtp_tls_security_level=encrypt (or a TLS policy for the destination) Postfix does not fall back to plain text, so the mail waits in the queue.',
      'Afzender en ontvanger hebben geen TLS-versie of coderingssuite gemeen. Met smtp_tls_security_level=encrypt (of een TLS-beleid voor de bestemming) valt Postfix niet terug op onversleutelde tekst, dus de e-mail blijft in de wachtrij staan.',
    ),
    t(
      'Find out what the receiver accepts (mailtls probe), then make the two meet at TLS 1.2: enable it on the receiver if that is old, or relax a too-strict smtp_tls_mandatory_protocols / smtp_tls_mandatory_ciphers here.',
      'Zoek uit wat de ontvanger accepteert (mailtls probe) en laat beide kanten elkaar vinden op TLS 1.2: schakel het in op de ontvanger als die oud is, of versoepel een te strenge smtp_tls_mandatory_protocols / smtp_tls_mandatory_ciphers hier.',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.tls-required-not-offered': sig(
    'error',
    t(
      'Postfix: TLS is required, but the receiver did not offer or refused STARTTLS',
      'Postfix: TLS is vereist, maar de ontvanger bood STARTTLS niet aan of weigerde het',
    ),
    t(
      'This server must use TLS for the destination, but the receiving server did not offer STARTTLS or refused it.',
      'Deze server moet voor de bestemming TLS gebruiken, maar de ontvangende server bood STARTTLS niet aan of weigerde het.',
    ),
    t(
      'STARTTLS is switched off on the receiver, its certificate is broken, or a firewall with SMTP inspection (e.g. Cisco ESMTP inspection) removes STARTTLS from the EHLO reply.',
      'STARTTLS is uitgeschakeld op de ontvanger, het certificaat daarvan is defect, of een firewall met SMTP-inspectie (bijv. ESMTP-inspectie van Cisco) haalt STARTTLS uit het EHLO-antwoord.',
    ),
    t(
      'Enable STARTTLS on the receiving server with a valid certificate, or turn off SMTP inspection on the firewall in between; check from the same network with mailtls probe.',
      'Schakel STARTTLS in op de ontvangende server met een geldig certificaat, of schakel SMTP-inspectie op de tussenliggende firewall uit; controleer vanaf hetzelfde netwerk met mailtls probe.',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.exim-tls-error': sig(
    'error',
    t('Exim: TLS error on connection', 'Exim: TLS-fout op verbinding'),
    t(
      'Exim could not complete a TLS handshake; the text after the prefix in brackets is the reason.',
      'Exim kon een TLS-handshake niet voltooien; de tekst na het voorvoegsel tussen haken is de reden.',
    ),
    t(
      '"wrong version number", "unsupported protocol" or "A TLS fatal alert has been received" usually mean no TLS version or suite in common; (SSL_accept) or (gnutls_handshake) on an incoming connection points at the connecting client, (SSL_connect) at the remote server.',
      '"wrong version number", "unsupported protocol" of "A TLS fatal alert has been received" betekenen meestal dat er geen gemeenschappelijke TLS-versie of coderingssuite is; (SSL_accept) of (gnutls_handshake) bij een binnenkomende verbinding wijst naar de verbindende client, (SSL_connect) naar de externe server.',
    ),
    t(
      'For a version mismatch the old side must enable TLS 1.2; if this side is too strict, check tls_require_ciphers and openssl_options in the Exim configuration.',
      'Bij een verschil in versie moet de oude kant TLS 1.2 inschakelen; is deze kant te streng, controleer dan tls_require_ciphers en openssl_options in de Exim-configuratie.',
    ),
    'mailtls logs <exim-mainlog>',
  ),
  'sig.exim-tls-required': sig(
    'error',
    t('Exim: a TLS session is required, but …', 'Exim: a TLS session is required, but … (TLS vereist, maar niet gelukt)'),
    t(
      'Exim must use TLS for this host but could not: the text after "but" says why.',
      'Exim moet voor deze host TLS gebruiken, maar dat lukte niet: de tekst na "but" zegt waarom.',
    ),
    t(
      'hosts_require_tls (or DANE) applies to the destination, and the receiver did not offer STARTTLS or the TLS handshake failed.',
      'hosts_require_tls (of DANE) geldt voor de bestemming, en de ontvanger bood geen STARTTLS aan of de TLS-handshake mislukte.',
    ),
    t(
      'Not offered: enable STARTTLS on the receiver (or remove SMTP inspection in between). Handshake failed: find a common TLS 1.2 version and suite with mailtls probe.',
      'Niet aangeboden: schakel STARTTLS in op de ontvanger (of verwijder SMTP-inspectie ertussen). Handshake mislukt: zoek met mailtls probe een gemeenschappelijke TLS 1.2-versie en coderingssuite.',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.tls-handshake-failed-403': sig(
    'error',
    t('Sendmail: 403 4.7.0 TLS handshake failed', 'Sendmail: 403 4.7.0 TLS handshake failed (TLS-handshake mislukt)'),
    t(
      "Sendmail's tls_server check refused to continue because the TLS handshake with the receiving server failed.",
      'De controle tls_server van Sendmail weigerde door te gaan omdat de TLS-handshake met de ontvangende server is mislukt.',
    ),
    t(
      'arg1=SOFTWARE or PROTOCOL means the handshake broke off. With Exchange Online as the receiver (relay=….mail.protection.outlook.com or ….mail.eo.outlook.com) Sendmail offered no TLS 1.2 suite that Exchange Online accepts.',
      'arg1=SOFTWARE of PROTOCOL betekent dat de handshake is afgebroken. Met Exchange Online als ontvanger (relay=….mail.protection.outlook.com of ….mail.eo.outlook.com) bood Sendmail geen TLS 1.2-suite aan die Exchange Online accepteert.',
    ),
    t(
      'Run Sendmail against an OpenSSL that supports TLS 1.2 and do not disable it (check O CipherList and the TLS options in sendmail.mc); see with mailtls probe what the receiver accepts.',
      'Laat Sendmail draaien met een OpenSSL-versie die TLS 1.2 ondersteunt en schakel die niet uit (controleer O CipherList en de TLS-opties in sendmail.mc); bekijk met mailtls probe wat de ontvanger accepteert.',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.sendmail-starttls-error': sig(
    'error',
    t('Sendmail: STARTTLS error (accept or connect failed)', 'Sendmail: STARTTLS-fout (accept of connect mislukt)'),
    t('A TLS handshake failed in Sendmail.', 'Een TLS-handshake in Sendmail is mislukt.'),
    t(
      'STARTTLS=server means a connecting client (incoming mail), STARTTLS=client a remote server (outgoing mail). reason= (newer Sendmail) is the OpenSSL reason, e.g. unsupported protocol for a TLS 1.0/1.1 peer.',
      'STARTTLS=server betekent een verbindende client (binnenkomende e-mail), STARTTLS=client een externe server (uitgaande e-mail). reason= (nieuwere Sendmail-versies) is de reden van OpenSSL, bijv. unsupported protocol bij een andere kant met TLS 1.0/1.1.',
    ),
    t(
      'For a version mismatch move the old side to TLS 1.2; check what the peer accepts with mailtls probe, or what it offers with mailtls listen.',
      'Zet bij een verschil in versie de oude kant over op TLS 1.2; controleer met mailtls probe wat de andere kant accepteert, of met mailtls listen wat die aanbiedt.',
    ),
    'mailtls probe <host>',
  ),
  'sig.legacy-tls-in-use': sig(
    'warning',
    t('Mail still uses TLS 1.0/1.1', 'E-mail gebruikt nog TLS 1.0/1.1'),
    t(
      'This connection succeeded with TLS 1.0 or 1.1; Exchange Online refuses those versions, so the same peer fails against Exchange Online.',
      'Deze verbinding is gelukt met TLS 1.0 of 1.1; Exchange Online weigert die versies, dus dezelfde server mislukt bij Exchange Online.',
    ),
    t(
      'One side of this connection cannot (or does not prefer to) negotiate TLS 1.2. It works here only because this server still allows the old versions.',
      'Een van beide kanten van deze verbinding kan TLS 1.2 niet onderhandelen (of geeft er geen voorkeur aan). Het werkt hier alleen omdat deze server de oude versies nog toestaat.',
    ),
    t(
      'Enable TLS 1.2 on that peer (and prefer it here); once no peer needs them any more, disable TLS 1.0/1.1.',
      'Schakel TLS 1.2 in op die andere server (en geef er hier de voorkeur aan); schakel TLS 1.0/1.1 uit zodra geen enkele server ze nog nodig heeft.',
    ),
    'mailtls logs <log-files>',
  ),
  'sig.schannel-36871': sig(
    'error',
    t('Schannel 36871: fatal error while creating a TLS credential', 'Schannel 36871: onherstelbare fout bij het maken van een TLS-referentie'),
    t(
      'A program on this Windows server asked Schannel for a TLS protocol or suite that is not enabled.',
      'Een programma op deze Windows-server vroeg Schannel om een TLS-protocol of coderingssuite die niet is ingeschakeld.',
    ),
    t(
      'Typically a .NET application hard-coded to TLS 1.0 after TLS 1.0 was switched off, or TLS 1.2 disabled for the client. Internal error states 10013 and 10010 mean exactly that.',
      'Meestal een .NET-toepassing die vast op TLS 1.0 staat nadat TLS 1.0 is uitgeschakeld, of TLS 1.2 dat voor de client is uitgeschakeld. De interne foutstatussen 10013 en 10010 betekenen precies dat.',
    ),
    WIN_TLS12,
    'mailtls registry --live',
  ),
  'sig.schannel-36874': sig(
    'error',
    t(
      'Schannel 36874: a client offered no protocol or suite this server supports',
      'Schannel 36874: een client bood geen protocol of coderingssuite aan die deze server ondersteunt',
    ),
    t(
      'A client connected with cipher suites this server does not support; the TLS connection request failed.',
      'Een client maakte verbinding met coderingssuites die deze server niet ondersteunt; de TLS-verbindingsaanvraag is mislukt.',
    ),
    t(
      'The event names the client\'s protocol. "A TLS 1.0 connection request…" on a TLS-1.2-only server is the fingerprint of a TLS 1.0/1.1 client (scanner, application, old MTA); with "TLS 1.2" the suite lists of client and server do not overlap.',
      'De gebeurtenis noemt het protocol van de client. "A TLS 1.0 connection request…" op een server met alleen TLS 1.2 is het kenmerk van een TLS 1.0/1.1-client (scanner, toepassing, oude MTA); bij "TLS 1.2" overlappen de suitelijsten van client en server niet.',
    ),
    t(
      'For TLS 1.0/1.1: update the client (or its Windows/.NET) to TLS 1.2. For TLS 1.2: enable on this server the suites Exchange Online uses (Get-TlsCipherSuite, or the SSL Cipher Suite Order group policy); keep the ECDHE-RSA AES-GCM suites.',
      'Bij TLS 1.0/1.1: werk de client (of Windows/.NET daarvan) bij naar TLS 1.2. Bij TLS 1.2: schakel op deze server de suites in die Exchange Online gebruikt (Get-TlsCipherSuite, of het groepsbeleid Volgorde van SSL-coderingssuites); behoud de ECDHE-RSA-suites met AES-GCM.',
    ),
    'mailtls listen',
  ),
  'sig.schannel-36887-70': sig(
    'error',
    t(
      "Schannel 36887 alert 70: the remote side refused this server's TLS version",
      'Schannel 36887 alert 70: de andere kant weigerde de TLS-versie van deze server',
    ),
    t(
      'The remote endpoint sent the fatal alert protocol_version (70) to this server.',
      'De externe kant stuurde de onherstelbare waarschuwing protocol_version (70) naar deze server.',
    ),
    t(
      'This server offered a TLS version the peer does not accept. Sending to Exchange Online that means this server offered only TLS 1.0/1.1 — TLS 1.2 is disabled for the client or .NET is not using it.',
      'Deze server bood een TLS-versie aan die de andere kant niet accepteert. Bij verzenden naar Exchange Online betekent dat dat deze server alleen TLS 1.0/1.1 aanbood — TLS 1.2 is uitgeschakeld voor de client of .NET gebruikt het niet.',
    ),
    WIN_TLS12,
    'mailtls listen',
  ),
  'sig.schannel-36887-40': sig(
    'error',
    t('Schannel 36887 alert 40: the remote side found no common suite', 'Schannel 36887 alert 40: de andere kant vond geen gemeenschappelijke coderingssuite'),
    t(
      'The remote endpoint sent the fatal alert handshake_failure (40) to this server.',
      'De externe kant stuurde de onherstelbare waarschuwing handshake_failure (40) naar deze server.',
    ),
    t(
      'The peer found no cipher suite or protocol it accepts in what this server offered — usually this server offers only old suites (3DES, RC4, no ECDHE) or only TLS 1.0/1.1.',
      'De andere kant vond in wat deze server aanbood geen coderingssuite of protocol die ze accepteert — meestal biedt deze server alleen oude suites aan (3DES, RC4, geen ECDHE) of alleen TLS 1.0/1.1.',
    ),
    t(
      'Enable TLS 1.2 and the suites Exchange Online accepts on this server (SCHANNEL TLS 1.2 keys; Get-TlsCipherSuite / SSL Cipher Suite Order), then restart.',
      'Schakel TLS 1.2 en de suites die Exchange Online accepteert in op deze server (SCHANNEL-sleutels voor TLS 1.2; Get-TlsCipherSuite / Volgorde van SSL-coderingssuites) en start daarna opnieuw op.',
    ),
    'mailtls probe <remote-host> --ciphers',
  ),
  'sig.schannel-36887': sig(
    'error',
    t('Schannel 36887: a fatal alert was received from the remote side', 'Schannel 36887: onherstelbare waarschuwing (alert) ontvangen van de andere kant'),
    t(
      'The remote endpoint ended the TLS handshake with a fatal alert; the alert code says why.',
      'De externe kant heeft de TLS-handshake beëindigd met een onherstelbare waarschuwing; de alertcode zegt waarom.',
    ),
    t(
      "70 protocol_version: version refused. 40 handshake_failure: no common suite. 42–46 and 48 are certificate problems (46 certificate_unknown, 48 unknown_ca: the peer does not trust this server's certificate or chain). 10 unexpected_message: a middlebox or a broken implementation.",
      '70 protocol_version: versie geweigerd. 40 handshake_failure: geen gemeenschappelijke coderingssuite. 42–46 en 48 zijn certificaatproblemen (46 certificate_unknown, 48 unknown_ca: de andere kant vertrouwt het certificaat of de keten van deze server niet). 10 unexpected_message: een tussenliggend apparaat of een defecte implementatie.',
    ),
    t(
      'Act on the code: for certificate alerts renew the certificate or install the complete chain (intermediate certificates); for 40 and 70 enable TLS 1.2 and the Exchange Online suites.',
      'Handel naar de code: vernieuw bij certificaatalerts het certificaat of installeer de volledige keten (tussenliggende certificaten); schakel bij 40 en 70 TLS 1.2 en de suites van Exchange Online in.',
    ),
    'mailtls probe <host>',
  ),
  'sig.schannel-36888-70': sig(
    'error',
    t("Schannel 36888 alert 70: this server refused a client's TLS version", 'Schannel 36888 alert 70: deze server weigerde de TLS-versie van een client'),
    t(
      'This server sent the fatal alert protocol_version (70): a peer offered a TLS version that is disabled here.',
      'Deze server stuurde de onherstelbare waarschuwing protocol_version (70): een andere kant bood een TLS-versie aan die hier is uitgeschakeld.',
    ),
    t(
      'On a TLS-1.2-only server this is a TLS 1.0/1.1 client: a scanner, an application or an old MTA. "The Windows SChannel error state is 105" on older Windows versions says the same.',
      'Op een server met alleen TLS 1.2 is dit een TLS 1.0/1.1-client: een scanner, een toepassing of een oude MTA. "The Windows SChannel error state is 105" op oudere Windows-versies zegt hetzelfde.',
    ),
    t(
      'Move the client to TLS 1.2 (firmware, .NET strong crypto, or its own SCHANNEL keys). Do not re-enable TLS 1.0/1.1 here: Exchange Online refuses the same client.',
      'Zet de client over op TLS 1.2 (firmware, sterke cryptografie voor .NET, of de eigen SCHANNEL-sleutels). Schakel TLS 1.0/1.1 hier niet opnieuw in: Exchange Online weigert dezelfde client.',
    ),
    'mailtls listen',
  ),
  'sig.schannel-36888-40': sig(
    'error',
    t(
      'Schannel 36888 alert 40: this server found no common suite with a peer',
      'Schannel 36888 alert 40: deze server vond geen gemeenschappelijke coderingssuite met de andere kant',
    ),
    t(
      'This server sent the fatal alert handshake_failure (40) and ended the handshake.',
      'Deze server stuurde de onherstelbare waarschuwing handshake_failure (40) en beëindigde de handshake.',
    ),
    t(
      'No cipher suite or protocol in common with the peer. With error state 1205 and an event 36874 next to it, the client offered only old suites or TLS 1.0/1.1.',
      'Geen coderingssuite of protocol gemeen met de andere kant. Met foutstatus 1205 en een gebeurtenis 36874 ernaast bood de client alleen oude suites of TLS 1.0/1.1 aan.',
    ),
    t(
      'See what the client offers (mailtls listen) and move it to TLS 1.2 with a suite Exchange Online accepts; if the client is fine, enable those suites on this server.',
      'Bekijk wat de client aanbiedt (mailtls listen) en zet die over op TLS 1.2 met een coderingssuite die Exchange Online accepteert; is de client in orde, schakel die suites dan op deze server in.',
    ),
    'mailtls listen',
  ),
  'sig.schannel-36888': sig(
    'error',
    t('Schannel 36888: this server sent a fatal alert', 'Schannel 36888: deze server heeft een onherstelbare waarschuwing verzonden'),
    t(
      'This server ended a TLS handshake with a fatal alert; the alert code says why.',
      'Deze server heeft een TLS-handshake beëindigd met een onherstelbare waarschuwing; de alertcode zegt waarom.',
    ),
    t(
      "70 protocol_version: the peer's version is disabled here. 40 handshake_failure: no common suite. 48 unknown_ca / 46 certificate_unknown: this server does not trust the peer's certificate. 10 unexpected_message: a middlebox or a broken peer.",
      '70 protocol_version: de versie van de andere kant is hier uitgeschakeld. 40 handshake_failure: geen gemeenschappelijke coderingssuite. 48 unknown_ca / 46 certificate_unknown: deze server vertrouwt het certificaat van de andere kant niet. 10 unexpected_message: een tussenliggend apparaat of een defecte andere kant.',
    ),
    t(
      'Act on the code: for 70 and 40 move the peer to TLS 1.2 with a suite Exchange Online accepts; for certificate alerts install the missing root or intermediate certificate, or have the peer fix its chain.',
      'Handel naar de code: zet bij 70 en 40 de andere kant over op TLS 1.2 met een coderingssuite die Exchange Online accepteert; installeer bij certificaatalerts het ontbrekende basis- of tussenliggende certificaat, of laat de andere kant de keten herstellen.',
    ),
    'mailtls listen',
  ),
  'sig.timed-out-421': sig(
    'error',
    t(
      '421 4.4.2 Connection dropped due to TimedOut: the other side stopped answering',
      '421 4.4.2 Connection dropped due to TimedOut: de andere kant antwoordde niet meer',
    ),
    t(
      'The connection to the receiving server went silent until the timeout ran out; the message stays queued and is retried. This is not the SocketError case, and it does not say anything about TLS versions.',
      'De verbinding met de ontvangende server bleef stil tot de time-out verliep; het bericht blijft in de wachtrij en wordt opnieuw geprobeerd. Dit is niet het SocketError-geval en zegt niets over TLS-versies.',
    ),
    t(
      'The receiving server is slow or overloaded, or something in between holds or drops packets: a firewall or IPS doing SMTP inspection, a load balancer idle timeout, an MTU/path problem with large messages.',
      'De ontvangende server is traag of overbelast, of iets ertussen houdt pakketten vast of laat ze vallen: een firewall of IPS met SMTP-inspectie, een idle-time-out van een load balancer, een MTU-/padprobleem bij grote berichten.',
    ),
    t(
      "Check the network path and the firewalls between the two servers (turn off SMTP inspection), the receiving server's load and its connection timeouts; resubmit the queue once the path is clean. Changing TLS settings does not fix a timeout.",
      'Controleer het netwerkpad en de firewalls tussen beide servers (schakel SMTP-inspectie uit), de belasting van de ontvangende server en de time-outs voor verbindingen; verzend de wachtrij opnieuw zodra het pad in orde is. TLS-instellingen wijzigen lost een time-out niet op.',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.remote-socket-error': sig(
    'error',
    t(
      'Remote(SocketError): the connecting client dropped the connection (Exchange receive log)',
      'Remote(SocketError): de verbindende client verbrak de verbinding (Exchange-ontvangstlogboek)',
    ),
    t(
      'The SMTP receive protocol log shows the remote side (the sending server or application) closing the connection; right after STARTTLS this means the client did not complete the TLS handshake.',
      'Het SMTP-ontvangstprotocollogboek toont dat de andere kant (de verzendende server of toepassing) de verbinding sloot; direct na STARTTLS betekent dit dat de client de TLS-handshake niet voltooide.',
    ),
    t(
      "The client offers only TLS 1.0/1.1 or no cipher suite this server accepts (typical for old applications, scanners and .NET Framework without strong crypto), or it does not trust this server's certificate.",
      'De client biedt alleen TLS 1.0/1.1 aan of geen coderingssuite die deze server accepteert (typisch voor oude toepassingen, scanners en .NET Framework zonder sterke cryptografie), of vertrouwt het certificaat van deze server niet.',
    ),
    t(
      'Fix the sender: enable TLS 1.2 in the application or device (for .NET Framework: SchUseStrongCrypto and SystemDefaultTlsVersions = 1), and make sure it trusts the certificate on this receive connector.',
      'Repareer de afzender: schakel TLS 1.2 in in de toepassing of het apparaat (voor .NET Framework: SchUseStrongCrypto en SystemDefaultTlsVersions = 1) en zorg dat die het certificaat op deze ontvangstconnector vertrouwt.',
    ),
    'mailtls listen',
  ),
  'sig.exo-4-4-316': sig(
    'error',
    t(
      '4.4.316 Connection refused: Exchange Online cannot reach the receiving server (not TLS)',
      '4.4.316 Connection refused: Exchange Online bereikt de ontvangende server niet (geen TLS)',
    ),
    t(
      'Exchange Online is the sending server here: the receiving server refused the TCP connection (socket error 10061), before any TLS. After the retry time the sender gets 550 5.4.316.',
      'Exchange Online is hier de verzendende server: de ontvangende server weigerde de TCP-verbinding (socketfout 10061), nog vóór TLS. Na de wachttijd krijgt de afzender 550 5.4.316.',
    ),
    t(
      "Nothing listens on port 25 at the address Exchange Online uses (MX record or the connector's smart host), or a firewall rejects Exchange Online's addresses.",
      'Er luistert niets op poort 25 op het adres dat Exchange Online gebruikt (MX-record of de smarthost van de connector), of een firewall weigert de adressen van Exchange Online.',
    ),
    t(
      "On the receiving side: make the SMTP service listen on port 25 at that address and allow Exchange Online's IP ranges through the firewall; check that the MX record or the outbound connector points at the right host.",
      'Aan de ontvangende kant: laat de SMTP-service op poort 25 luisteren op dat adres en laat de IP-bereiken van Exchange Online door de firewall; controleer of het MX-record of de uitgaande connector naar de juiste host wijst.',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.mta-sts-failed': sig(
    'error',
    t(
      "Remote certificate failed MTA-STS validation: the receiving domain's MTA-STS policy is not met",
      'Remote certificate failed MTA-STS validation: aan het MTA-STS-beleid van het ontvangende domein is niet voldaan',
    ),
    t(
      "The sending server (usually Exchange Online) refused to deliver because the receiving domain publishes an MTA-STS policy in enforce mode and its mail server's certificate does not satisfy it. The receiving domain has to fix it.",
      'De verzendende server (meestal Exchange Online) weigerde te bezorgen omdat het ontvangende domein een MTA-STS-beleid in enforce-modus publiceert en het certificaat van de mailserver daar niet aan voldoet. Het ontvangende domein moet dit oplossen.',
    ),
    t(
      "The receiving server's certificate does not chain to a public root, is expired, or its names do not match the MX host; or the policy's mx: lines do not list the MX host.",
      'Het certificaat van de ontvangende server leidt niet naar een openbare basis-CA, is verlopen, of de namen passen niet bij de MX-host; of de mx:-regels van het beleid noemen de MX-host niet.',
    ),
    t(
      'On the receiving domain: install a publicly trusted certificate whose names cover the MX host, and make the mx: lines of https://mta-sts.<domain>/.well-known/mta-sts.txt match the MX records (use mode: testing while fixing).',
      'Bij het ontvangende domein: installeer een openbaar vertrouwd certificaat waarvan de namen de MX-host dekken, en laat de mx:-regels van https://mta-sts.<domein>/.well-known/mta-sts.txt overeenkomen met de MX-records (gebruik mode: testing tijdens het herstel).',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.dane-failed': sig(
    'error',
    t(
      'DANE check failed (4.7.321–4.7.325 / 5.7.321–5.7.325): the receiving server does not meet its own DANE records',
      'DANE-controle mislukt (4.7.321–4.7.325 / 5.7.321–5.7.325): de ontvangende server voldoet niet aan zijn eigen DANE-records',
    ),
    t(
      "Exchange Online, sending, found DNSSEC-signed TLSA records for the destination and the destination's TLS did not match them (the reason is under Details). The receiving domain has to fix it.",
      'Exchange Online vond bij het verzenden DNSSEC-ondertekende TLSA-records voor de bestemming en de TLS van de bestemming kwam daar niet mee overeen (de reden staat onder Details). Het ontvangende domein moet dit oplossen.',
    ),
    t(
      'starttls-not-supported: no STARTTLS or a failed handshake; certificate-expired; tlsa-invalid: the certificate does not match the TLSA record (often after a certificate renewal without a TLSA rollover); dnssec-invalid; certificate-host-mismatch: the certificate names do not cover the MX host.',
      'starttls-not-supported: geen STARTTLS of een mislukte handshake; certificate-expired; tlsa-invalid: het certificaat past niet bij het TLSA-record (vaak na een certificaatvernieuwing zonder TLSA-rollover); dnssec-invalid; certificate-host-mismatch: de certificaatnamen dekken de MX-host niet.',
    ),
    t(
      'On the receiving domain: publish TLSA records for the certificate actually served (3 1 1 for the key, add the new one before renewing), keep STARTTLS working with TLS 1.2, and renew the certificate in time.',
      'Bij het ontvangende domein: publiceer TLSA-records voor het certificaat dat echt wordt aangeboden (3 1 1 voor de sleutel, voeg het nieuwe toe vóór het vernieuwen), houd STARTTLS werkend met TLS 1.2 en vernieuw het certificaat op tijd.',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.tenant-attribution-5-7-64': sig(
    'error',
    t(
      '5.7.64 TenantAttribution; Relay Access Denied: Exchange Online could not tie the sending server to your inbound connector',
      '5.7.64 TenantAttribution; Relay Access Denied: Exchange Online kon de verzendende server niet aan uw binnenkomende connector koppelen',
    ),
    t(
      'Your on-premises server (or relay) sends to Exchange Online, which refused to relay because no inbound connector of type OnPremises matched the connection — by certificate name or by IP address. The sending side and the connector have to be fixed.',
      'Uw on-premises server (of relay) verzendt naar Exchange Online, dat weigerde door te sturen omdat geen binnenkomende connector van het type OnPremises bij de verbinding paste — op certificaatnaam of op IP-adres. De verzendende kant en de connector moeten worden gerepareerd.',
    ),
    t(
      'The inbound connector identifies your server by TlsSenderCertificateName, and the certificate your server presents changed (renewed, another name, not bound to SMTP) or TLS was not used; or it identifies by SenderIPAddresses and your public IP changed.',
      'De binnenkomende connector herkent uw server aan TlsSenderCertificateName, en het certificaat dat uw server aanbiedt is veranderd (vernieuwd, andere naam, niet aan SMTP gekoppeld) of er werd geen TLS gebruikt; of de connector herkent aan SenderIPAddresses en uw openbare IP-adres is veranderd.',
    ),
    t(
      'Compare Get-InboundConnector | fl Name,ConnectorType,TlsSenderCertificateName,SenderIPAddresses,RequireTls with the certificate on your send connector (TlsCertificateName, Get-ExchangeCertificate) and your public IP; correct the connector or rebind the certificate, or rerun the Hybrid Configuration Wizard.',
      'Vergelijk Get-InboundConnector | fl Name,ConnectorType,TlsSenderCertificateName,SenderIPAddresses,RequireTls met het certificaat op uw verzendconnector (TlsCertificateName, Get-ExchangeCertificate) en uw openbare IP-adres; corrigeer de connector of koppel het certificaat opnieuw, of voer de wizard Hybride configuratie opnieuw uit.',
    ),
    'mailtls registry --live',
  ),
  'sig.tls-channel-access-denied': sig(
    'error',
    t(
      "454 4.7.0 Failed to establish appropriate TLS channel: Access Denied — Exchange Online refused the sender's certificate",
      '454 4.7.0 Failed to establish appropriate TLS channel: Access Denied — Exchange Online weigerde het certificaat van de afzender',
    ),
    t(
      'Your server, sending to Exchange Online, completed no TLS session that Exchange Online could attribute to your organisation (the Windows error, if named, is under Details). The sending server has to be fixed.',
      'Uw server, die naar Exchange Online verzendt, kwam niet tot een TLS-sessie die Exchange Online aan uw organisatie kon koppelen (de Windows-fout, als die genoemd is, staat onder Details). De verzendende server moet worden gerepareerd.',
    ),
    t(
      "The certificate the sending server presents is not trusted by Exchange Online (UntrustedRoot: an internal CA — often a second certificate bound to SMTP with the same name) or does not match the inbound connector's TlsSenderCertificateName.",
      'Het certificaat dat de verzendende server aanbiedt, wordt niet vertrouwd door Exchange Online (UntrustedRoot: een interne CA — vaak een tweede certificaat met dezelfde naam dat aan SMTP is gekoppeld) of past niet bij TlsSenderCertificateName van de binnenkomende connector.',
    ),
    t(
      "On the sending Exchange server: keep SMTP only on the publicly trusted certificate (Enable-ExchangeCertificate -Thumbprint <internal> -Services IIS,POP,IMAP removes SMTP from the other one), set the send connector's TlsCertificateName to it, and restart the Microsoft Exchange Transport service.",
      'Op de verzendende Exchange-server: laat SMTP alleen op het openbaar vertrouwde certificaat (Enable-ExchangeCertificate -Thumbprint <intern> -Services IIS,POP,IMAP haalt SMTP van het andere af), zet TlsCertificateName van de verzendconnector daarop en start de service Microsoft Exchange Transport opnieuw op.',
    ),
    'mailtls probe <this-server>:25',
  ),
  'sig.client-tls-config': sig(
    'error',
    t(
      'Postfix: client TLS configuration problem — the sending Postfix cannot set up TLS',
      'Postfix: client TLS configuration problem — de verzendende Postfix kan TLS niet opzetten',
    ),
    t(
      'Postfix, sending, deferred the mail because its own client-side TLS settings are broken; the receiving server is not at fault.',
      'Postfix heeft bij het verzenden de e-mail uitgesteld omdat de eigen TLS-instellingen aan de clientkant defect zijn; de ontvangende server treft geen blaam.',
    ),
    t(
      'An unreadable or missing file in smtp_tls_cert_file / smtp_tls_key_file / smtp_tls_CAfile, a TLS policy (smtp_tls_policy_maps) that demands something this build cannot do, or protocol/cipher settings that leave nothing usable.',
      'Een onleesbaar of ontbrekend bestand in smtp_tls_cert_file / smtp_tls_key_file / smtp_tls_CAfile, een TLS-beleid (smtp_tls_policy_maps) dat iets eist wat deze build niet kan, of protocol-/cipherinstellingen waarbij niets bruikbaars overblijft.',
    ),
    t(
      'Read the warning just before it in the mail log (it names the file or setting), fix that setting (postconf -n | grep smtp_tls), then postfix reload and postqueue -f.',
      'Lees de waarschuwing er vlak voor in het maillogboek (die noemt het bestand of de instelling), corrigeer die instelling (postconf -n | grep smtp_tls), daarna postfix reload en postqueue -f.',
    ),
    'mailtls logs <mail-log>',
  ),
  'sig.cert-host-mismatch': sig(
    'error',
    t(
      "TLS negotiation failed, the certificate doesn't match the host",
      "TLS negotiation failed, the certificate doesn't match the host: certificaatnaam past niet",
    ),
    t(
      "The sending Exchange server validates the receiving server's certificate (TLS with domain validation) and the names in it do not match the host or domain it expects.",
      'De verzendende Exchange-server controleert het certificaat van de ontvangende server (TLS met domeinvalidatie) en de namen daarin passen niet bij de host of het domein dat wordt verwacht.',
    ),
    t(
      "The receiving server presents a certificate for another name (default self-signed certificate, an old certificate bound to SMTP), or the send connector's TlsDomain / the outbound connector's TlsDomain names something the certificate does not cover.",
      'De ontvangende server biedt een certificaat voor een andere naam aan (standaard zelfondertekend certificaat, een oud certificaat gekoppeld aan SMTP), of TlsDomain van de verzendconnector / uitgaande connector noemt iets wat het certificaat niet dekt.',
    ),
    t(
      'Make the receiving server present a certificate whose subject or SAN covers its MX/smart-host name, or correct TlsDomain on the connector to a name in that certificate.',
      'Laat de ontvangende server een certificaat aanbieden waarvan het onderwerp of de SAN de MX-/smarthostnaam dekt, of corrigeer TlsDomain op de connector naar een naam in dat certificaat.',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.send-connector-tls-required': sig(
    'error',
    t(
      'Send connector requires TLS but could not establish it with the receiving server',
      'Verzendconnector vereist TLS maar kon dat niet opzetten met de ontvangende server',
    ),
    t(
      'Exchange (MSExchangeTransport 2015) did not send because the send connector requires TLS and the receiving server did not offer STARTTLS or the handshake failed.',
      'Exchange (MSExchangeTransport 2015) verzond niet omdat de verzendconnector TLS vereist en de ontvangende server geen STARTTLS aanbood of de handshake mislukte.',
    ),
    t(
      'The receiving server does not announce 250-STARTTLS (not configured, or a firewall strips it), or offers only TLS versions or suites this server refuses.',
      'De ontvangende server kondigt 250-STARTTLS niet aan (niet ingesteld, of een firewall haalt het weg), of biedt alleen TLS-versies of suites aan die deze server weigert.',
    ),
    t(
      'Make the receiving server offer STARTTLS with TLS 1.2 and a valid certificate; remove SMTP inspection on firewalls in between. Turning RequireTLS off only hides the problem.',
      'Laat de ontvangende server STARTTLS aanbieden met TLS 1.2 en een geldig certificaat; schakel SMTP-inspectie op firewalls ertussen uit. RequireTLS uitzetten verbergt het probleem alleen.',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.exim-tls-unavailable': sig(
    'error',
    t('454 TLS currently unavailable: the receiving Exim cannot start TLS', '454 TLS currently unavailable: de ontvangende Exim kan TLS niet starten'),
    t(
      'The receiving server (Exim) announced STARTTLS but could not set up TLS when asked; senders that require TLS defer, others may send in plain text.',
      'De ontvangende server (Exim) kondigde STARTTLS aan maar kon TLS niet opzetten toen daarom werd gevraagd; afzenders die TLS vereisen stellen uit, andere verzenden mogelijk onversleuteld.',
    ),
    t(
      'Exim on the receiver cannot read tls_certificate / tls_privatekey (path, permissions, the exim user), the files do not match, or its GnuTLS/OpenSSL priority string leaves nothing usable.',
      'Exim op de ontvanger kan tls_certificate / tls_privatekey niet lezen (pad, rechten, de exim-gebruiker), de bestanden passen niet bij elkaar, of de GnuTLS-/OpenSSL-prioriteitsstring laat niets bruikbaars over.',
    ),
    t(
      "On the receiving server read Exim's paniclog/mainlog at that time, fix the certificate and key paths and permissions (readable by the Exim user), and restart Exim.",
      'Lees op de ontvangende server de paniclog/mainlog van Exim op dat tijdstip, corrigeer de paden en rechten van certificaat en sleutel (leesbaar voor de Exim-gebruiker) en start Exim opnieuw.',
    ),
    'mailtls probe <receiving-host>',
  ),
  'sig.sec-algorithm-mismatch': sig(
    'error',
    t(
      'SEC_E_ALGORITHM_MISMATCH (0x80090331): no TLS version or cipher suite in common',
      'SEC_E_ALGORITHM_MISMATCH (0x80090331): geen gemeenschappelijke TLS-versie of coderingssuite',
    ),
    t(
      'Windows (Schannel) ended the handshake: "The client and server cannot communicate, because they do not possess a common algorithm". .NET shows it inside "A call to SSPI failed".',
      'Windows (Schannel) beëindigde de handshake: "The client and server cannot communicate, because they do not possess a common algorithm". .NET toont dit binnen "A call to SSPI failed".',
    ),
    t(
      'One side allows only TLS 1.0/1.1 and the other only TLS 1.2 or later, or their cipher suite lists do not overlap — the classic case with Exchange Online and old Windows/.NET senders.',
      'De ene kant staat alleen TLS 1.0/1.1 toe en de andere alleen TLS 1.2 of hoger, of de lijsten met coderingssuites overlappen niet — het klassieke geval met Exchange Online en oude Windows-/.NET-afzenders.',
    ),
    t(
      'On the Windows side enable TLS 1.2 for Schannel (SCHANNEL\\Protocols\\TLS 1.2\\Client and \\Server: "Enabled"=dword:00000001, "DisabledByDefault"=dword:00000000) and for .NET (SchUseStrongCrypto and SystemDefaultTlsVersions = 1), make sure a TLS 1.2 ECDHE-RSA-AES-GCM suite is enabled, and restart.',
      'Schakel aan de Windows-kant TLS 1.2 in voor Schannel (SCHANNEL\\Protocols\\TLS 1.2\\Client en \\Server: "Enabled"=dword:00000001, "DisabledByDefault"=dword:00000000) en voor .NET (SchUseStrongCrypto en SystemDefaultTlsVersions = 1), zorg dat een TLS 1.2-suite ECDHE-RSA-AES-GCM is ingeschakeld en start opnieuw op.',
    ),
    'mailtls registry --live',
  ),
  'sig.sec-illegal-message': sig(
    'error',
    t(
      "SEC_E_ILLEGAL_MESSAGE (0x80090326): the peer's handshake message was refused",
      'SEC_E_ILLEGAL_MESSAGE (0x80090326): het handshakebericht van de andere kant werd geweigerd',
    ),
    t(
      'Windows (Schannel) got a TLS message it could not accept: "The message received was unexpected or badly formatted".',
      'Windows (Schannel) kreeg een TLS-bericht dat het niet kon accepteren: "The message received was unexpected or badly formatted".',
    ),
    t(
      "Usually the other side sent a fatal alert because it refused this side's offer (version, cipher suite, signature algorithm or client certificate), or a device in between altered the handshake.",
      'Meestal stuurde de andere kant een fatale alert omdat die het aanbod van deze kant weigerde (versie, coderingssuite, handtekeningalgoritme of clientcertificaat), of een apparaat ertussen veranderde de handshake.',
    ),
    t(
      'Compare what both sides allow (TLS 1.2, ECDHE-RSA AES-GCM suites, RSA certificate with SHA-256); remove SMTP/TLS inspection in between; on Windows check the Schannel events 36887/36888 for the alert number.',
      'Vergelijk wat beide kanten toestaan (TLS 1.2, ECDHE-RSA AES-GCM-suites, RSA-certificaat met SHA-256); schakel SMTP-/TLS-inspectie ertussen uit; controleer op Windows de Schannel-gebeurtenissen 36887/36888 voor het alertnummer.',
    ),
    'mailtls probe <host> --ciphers',
  ),
  'sig.sec-unsupported-function': sig(
    'error',
    t(
      'SEC_E_UNSUPPORTED_FUNCTION (0x80090302): the TLS version asked for is disabled here',
      'SEC_E_UNSUPPORTED_FUNCTION (0x80090302): de gevraagde TLS-versie is hier uitgeschakeld',
    ),
    t(
      'Windows (Schannel) could not do what was asked: "The function requested is not supported".',
      'Windows (Schannel) kon niet doen wat werd gevraagd: "The function requested is not supported".',
    ),
    t(
      'This machine was asked to use a protocol that is disabled in its Schannel settings — typically an application pinned to TLS 1.0 on a server where TLS 1.0 is now off, or TLS 1.2 disabled on an old Windows.',
      'Deze machine moest een protocol gebruiken dat in de Schannel-instellingen is uitgeschakeld — meestal een toepassing die vastzit op TLS 1.0 op een server waar TLS 1.0 nu uit staat, of TLS 1.2 uitgeschakeld op een oude Windows.',
    ),
    t(
      'On the Windows side enable TLS 1.2 for Schannel (SCHANNEL\\Protocols\\TLS 1.2\\Client and \\Server: "Enabled"=dword:00000001, "DisabledByDefault"=dword:00000000) and for .NET (SchUseStrongCrypto and SystemDefaultTlsVersions = 1), make sure a TLS 1.2 ECDHE-RSA-AES-GCM suite is enabled, and restart.',
      'Schakel aan de Windows-kant TLS 1.2 in voor Schannel (SCHANNEL\\Protocols\\TLS 1.2\\Client en \\Server: "Enabled"=dword:00000001, "DisabledByDefault"=dword:00000000) en voor .NET (SchUseStrongCrypto en SystemDefaultTlsVersions = 1), zorg dat een TLS 1.2-suite ECDHE-RSA-AES-GCM is ingeschakeld en start opnieuw op.',
    ),
    'mailtls registry --live',
  ),
  'sig.sec-wrong-principal': sig(
    'error',
    t(
      'SEC_E_WRONG_PRINCIPAL (0x80090322): the certificate name does not match the host',
      'SEC_E_WRONG_PRINCIPAL (0x80090322): de certificaatnaam past niet bij de host',
    ),
    t(
      'Windows (Schannel) refused the server certificate: "The target principal name is incorrect".',
      'Windows (Schannel) weigerde het servercertificaat: "The target principal name is incorrect".',
    ),
    t(
      "The name the client connected to (smart host, MX, or TlsDomain) is not in the server certificate's subject or SAN.",
      'De naam waarmee de client verbond (smarthost, MX of TlsDomain) staat niet in het onderwerp of de SAN van het servercertificaat.',
    ),
    t(
      'Connect by a name that is in the certificate, or install a certificate that covers the name used, and bind it to SMTP on the server.',
      'Verbind met een naam die in het certificaat staat, of installeer een certificaat dat de gebruikte naam dekt en koppel het aan SMTP op de server.',
    ),
    'mailtls probe <host>',
  ),
  'sig.sec-cert-expired': sig(
    'error',
    t(
      "SEC_E_CERT_EXPIRED (0x80090328): the other side's certificate has expired",
      'SEC_E_CERT_EXPIRED (0x80090328): het certificaat van de andere kant is verlopen',
    ),
    t(
      'Windows (Schannel) refused a certificate: "The received certificate has expired".',
      'Windows (Schannel) weigerde een certificaat: "The received certificate has expired".',
    ),
    t(
      "The certificate the other side presents is past its NotAfter date (or this machine's clock is wrong).",
      'Het certificaat dat de andere kant aanbiedt, is voorbij de NotAfter-datum (of de klok van deze machine klopt niet).',
    ),
    t(
      'Renew the certificate on the side that presents it and bind the new one to SMTP (Exchange: Enable-ExchangeCertificate -Services SMTP; update TlsCertificateName on connectors); check the clock.',
      'Vernieuw het certificaat aan de kant die het aanbiedt en koppel het nieuwe aan SMTP (Exchange: Enable-ExchangeCertificate -Services SMTP; werk TlsCertificateName op connectors bij); controleer de klok.',
    ),
    'mailtls probe <host>',
  ),
  'sig.sec-untrusted-root': sig(
    'error',
    t('SEC_E_UNTRUSTED_ROOT (0x80090325): the certificate chain is not trusted', 'SEC_E_UNTRUSTED_ROOT (0x80090325): de certificaatketen wordt niet vertrouwd'),
    t(
      'Windows (Schannel) refused a certificate: "The certificate chain was issued by an authority that is not trusted".',
      'Windows (Schannel) weigerde een certificaat: "The certificate chain was issued by an authority that is not trusted".',
    ),
    t(
      'The other side presents a self-signed or internal-CA certificate, or leaves out the intermediate certificate; or this machine lacks current root certificates.',
      'De andere kant biedt een zelfondertekend certificaat of een certificaat van een interne CA aan, of laat het tussencertificaat weg; of deze machine mist actuele basiscertificaten.',
    ),
    t(
      'Use a publicly trusted certificate and send the full chain on the side that presents it; on this machine install the root certificate updates.',
      'Gebruik een openbaar vertrouwd certificaat en stuur de volledige keten mee aan de kant die het aanbiedt; installeer op deze machine de updates voor basiscertificaten.',
    ),
    'mailtls probe <host>',
  ),
  'sig.sec-invalid-token': sig(
    'error',
    t(
      'SEC_E_INVALID_TOKEN (0x80090308): the handshake data was not accepted',
      'SEC_E_INVALID_TOKEN (0x80090308): de handshakegegevens werden niet geaccepteerd',
    ),
    t(
      'Windows (Schannel) rejected handshake data: "The token supplied to the function is invalid".',
      'Windows (Schannel) weigerde handshakegegevens: "The token supplied to the function is invalid".',
    ),
    t(
      'The two sides disagree on the protocol (one offers only TLS 1.0/SSL 3, or a certificate signed with MD5/SHA-1 meets TLS 1.2), or the data was not TLS at all (wrong port, a proxy in between).',
      'Beide kanten zijn het niet eens over het protocol (de ene biedt alleen TLS 1.0/SSL 3 aan, of een certificaat ondertekend met MD5/SHA-1 ontmoet TLS 1.2), of de gegevens waren helemaal geen TLS (verkeerde poort, een proxy ertussen).',
    ),
    t(
      'Enable TLS 1.2 on both sides, replace an MD5/SHA-1-signed certificate with a SHA-256 one, and check port and mode (STARTTLS on 25/587, implicit TLS on 465).',
      'Schakel TLS 1.2 in aan beide kanten, vervang een certificaat ondertekend met MD5/SHA-1 door een met SHA-256, en controleer poort en modus (STARTTLS op 25/587, impliciete TLS op 465).',
    ),
    'mailtls probe <host>',
  ),
  'sig.dotnet-sspi-failed': sig(
    'error',
    t(
      '.NET: A call to SSPI failed — the TLS handshake failed (the inner exception says why)',
      '.NET: A call to SSPI failed — de TLS-handshake is mislukt (de inner exception zegt waarom)',
    ),
    t(
      'A .NET application (SmtpClient, SslStream, MailKit on Windows) could not complete the TLS handshake; this outer message only says that Windows (SSPI/Schannel) refused.',
      'Een .NET-toepassing (SmtpClient, SslStream, MailKit op Windows) kon de TLS-handshake niet voltooien; deze buitenste melding zegt alleen dat Windows (SSPI/Schannel) weigerde.',
    ),
    t(
      'Most often an old .NET Framework application offering only TLS 1.0 to a server that requires TLS 1.2 (Exchange Online); the inner Win32Exception names the exact reason.',
      'Meestal een oude .NET Framework-toepassing die alleen TLS 1.0 aanbiedt aan een server die TLS 1.2 vereist (Exchange Online); de inner Win32Exception noemt de precieze reden.',
    ),
    t(
      'Paste the whole exception including the inner one ("---> System.ComponentModel.Win32Exception: …") for the exact entry. Usually: set SchUseStrongCrypto and SystemDefaultTlsVersions = 1 (or target .NET 4.7+), enable TLS 1.2 in Schannel, restart.',
      'Plak de hele exception inclusief de inner exception ("---> System.ComponentModel.Win32Exception: …") voor de precieze vermelding. Meestal: zet SchUseStrongCrypto en SystemDefaultTlsVersions op 1 (of gebruik .NET 4.7+), schakel TLS 1.2 in Schannel in, start opnieuw op.',
    ),
    'mailtls listen',
  ),
  'sig.dotnet-unexpected-packet': sig(
    'error',
    t(
      '.NET: The handshake failed due to an unexpected packet format — TLS spoken to a plain-text port',
      '.NET: The handshake failed due to an unexpected packet format — TLS tegen een poort zonder TLS',
    ),
    t(
      "The application started a TLS handshake and got something that is not TLS back — usually the SMTP server's plain-text greeting or reply.",
      'De toepassing startte een TLS-handshake en kreeg iets terug dat geen TLS is — meestal de onversleutelde begroeting of het antwoord van de SMTP-server.',
    ),
    t(
      'Mode and port do not match: implicit TLS (SMTPS) against port 25/587, which expect STARTTLS; or a proxy, antivirus or firewall answering in plain text.',
      'Modus en poort passen niet: impliciete TLS (SMTPS) tegen poort 25/587, die STARTTLS verwachten; of een proxy, antivirus of firewall die onversleuteld antwoordt.',
    ),
    t(
      'Use STARTTLS on port 587 (or 25) and implicit TLS only on port 465; for System.Net.Mail.SmtpClient (STARTTLS only) use port 587 with EnableSsl = true. Remove SMTP scanning in between.',
      'Gebruik STARTTLS op poort 587 (of 25) en impliciete TLS alleen op poort 465; gebruik voor System.Net.Mail.SmtpClient (alleen STARTTLS) poort 587 met EnableSsl = true. Schakel SMTP-scanning ertussen uit.',
    ),
    'mailtls probe <host>',
  ),
  'sig.dotnet-remote-closed': sig(
    'error',
    t('.NET: the remote party closed the connection during the TLS handshake', '.NET: de andere kant verbrak de verbinding tijdens de TLS-handshake'),
    t(
      '"Authentication failed because the remote party has closed the transport stream": the server hung up in the middle of the TLS handshake.',
      '"Authentication failed because the remote party has closed the transport stream": de server hing op midden in de TLS-handshake.',
    ),
    t(
      'The server refused what this application offered, usually only TLS 1.0/1.1 (old .NET Framework default) against a server that requires TLS 1.2 such as Exchange Online; sometimes no common cipher suite.',
      'De server weigerde wat deze toepassing aanbood, meestal alleen TLS 1.0/1.1 (standaard van oude .NET Framework-versies) tegenover een server die TLS 1.2 vereist, zoals Exchange Online; soms geen gemeenschappelijke coderingssuite.',
    ),
    t(
      'Make the application offer TLS 1.2: .NET Framework 4.7+ with SystemDefaultTlsVersions and SchUseStrongCrypto = 1 (or ServicePointManager.SecurityProtocol including Tls12), TLS 1.2 enabled in Schannel, restart.',
      'Laat de toepassing TLS 1.2 aanbieden: .NET Framework 4.7+ met SystemDefaultTlsVersions en SchUseStrongCrypto = 1 (of ServicePointManager.SecurityProtocol met Tls12), TLS 1.2 ingeschakeld in Schannel, opnieuw opstarten.',
    ),
    'mailtls listen',
  ),
  'sig.dotnet-remote-cert-invalid': sig(
    'error',
    t(
      '.NET: The remote certificate is invalid — the server certificate was refused',
      '.NET: The remote certificate is invalid — het servercertificaat werd geweigerd',
    ),
    t(
      "The TLS handshake itself worked, but the application refused the server's certificate.",
      'De TLS-handshake zelf werkte, maar de toepassing weigerde het certificaat van de server.',
    ),
    t(
      'The certificate is expired, self-signed or from an internal CA, misses its intermediate, or its names do not include the host name the application connects to.',
      'Het certificaat is verlopen, zelfondertekend of van een interne CA, mist het tussencertificaat, of de namen bevatten niet de hostnaam waarmee de toepassing verbindt.',
    ),
    t(
      'Fix the server certificate (publicly trusted, full chain, names covering the host), or connect by a name that is in it. Do not switch validation off in the application.',
      'Repareer het servercertificaat (openbaar vertrouwd, volledige keten, namen die de host dekken), of verbind met een naam die erin staat. Schakel de controle in de toepassing niet uit.',
    ),
    'mailtls probe <host>',
  ),
  'sig.dotnet-tls-alert': sig(
    'error',
    t(
      '.NET: the remote party sent a TLS alert — the other side ended the handshake',
      '.NET: the remote party sent a TLS alert — de andere kant beëindigde de handshake',
    ),
    t(
      '"Authentication failed" here is the TLS handshake, not SMTP AUTH: the other side refused the handshake with the TLS alert named in the text (see Details).',
      '"Authentication failed" is hier de TLS-handshake, niet SMTP AUTH: de andere kant weigerde de handshake met de TLS-alert die in de tekst staat (zie Details).',
    ),
    t(
      "The alert says why: BadCertificate/UnknownCA/CertificateUnknown — the other side refused a certificate (a client certificate, or this side's chain); DecodeError/IllegalParameter — a broken or intercepted handshake (SMTP inspection on a firewall); InsufficientSecurity — only weak suites offered; ProtocolVersion and HandshakeFailure have their own entries.",
      'De alert zegt waarom: BadCertificate/UnknownCA/CertificateUnknown — de andere kant weigerde een certificaat (een clientcertificaat, of de keten van deze kant); DecodeError/IllegalParameter — een kapotte of onderschepte handshake (SMTP-inspectie op een firewall); InsufficientSecurity — alleen zwakke suites aangeboden; ProtocolVersion en HandshakeFailure hebben een eigen uitleg.',
    ),
    t(
      'Use TLS 1.2 with the suites Exchange Online accepts (on .NET Framework 4.x: SchUseStrongCrypto and SystemDefaultTlsVersions = dword:00000001 under HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 and the Wow6432Node twin); for certificate alerts fix the certificate named by the alert; remove SMTP inspection between the two sides.',
      'Gebruik TLS 1.2 met de suites die Exchange Online accepteert (op .NET Framework 4.x: SchUseStrongCrypto en SystemDefaultTlsVersions = dword:00000001 onder HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 en de Wow6432Node-tegenhanger); repareer bij certificaatalerts het certificaat dat de alert noemt; verwijder SMTP-inspectie tussen beide kanten.',
    ),
    'mailtls probe <host>',
  ),
  'sig.dotnet-connection-reset': sig(
    'error',
    t(
      '.NET: the connection was forcibly closed during the TLS handshake — the application offers only TLS 1.0',
      '.NET: de verbinding werd geforceerd verbroken tijdens de TLS-handshake — de toepassing biedt alleen TLS 1.0 aan',
    ),
    t(
      '"Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host": the server reset the connection while the application (SmtpClient, SslStream) was starting TLS.',
      '"Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host": de server verbrak de verbinding terwijl de toepassing (SmtpClient, SslStream) TLS startte.',
    ),
    t(
      'The classic symptom of a .NET Framework 4.x application that offers only TLS 1.0 (SecurityProtocol left at its old default) to a server that refuses it — Exchange Online (smtp.office365.com) or a server with TLS 1.0/1.1 switched off resets the connection during the handshake. "Unable to connect to the remote server" in front of it does not mean there was no TCP connection.',
      'Het klassieke symptoom van een .NET Framework 4.x-toepassing die alleen TLS 1.0 aanbiedt (SecurityProtocol op de oude standaardwaarde) aan een server die dat weigert — Exchange Online (smtp.office365.com) of een server met TLS 1.0/1.1 uitgeschakeld verbreekt de verbinding tijdens de handshake. "Unable to connect to the remote server" ervoor betekent niet dat er geen TCP-verbinding was.',
    ),
    t(
      'On the machine that runs the application set SchUseStrongCrypto and SystemDefaultTlsVersions to dword:00000001 under HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 and HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319, make sure Schannel TLS 1.2\\Client is enabled, restart the application (or target .NET Framework 4.7 or later, or set ServicePointManager.SecurityProtocol to Tls12 in code). `mailtls registry --live` checks these keys.',
      'Zet op de machine waarop de toepassing draait SchUseStrongCrypto en SystemDefaultTlsVersions op dword:00000001 onder HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 en HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319, zorg dat Schannel TLS 1.2\\Client is ingeschakeld en start de toepassing opnieuw (of richt op .NET Framework 4.7 of later, of zet ServicePointManager.SecurityProtocol in de code op Tls12). `mailtls registry --live` controleert deze sleutels.',
    ),
    'mailtls listen',
  ),
  'sig.no-shared-cipher': sig(
    'error',
    t(
      'OpenSSL: no shared cipher — the server found no cipher suite in common with the client',
      'OpenSSL: no shared cipher — de server vond geen gemeenschappelijke coderingssuite met de client',
    ),
    t(
      'The receiving server (Sendmail, Postfix, Dovecot…) refused the TLS handshake: none of the suites the client offered is one it can use.',
      'De ontvangende server (Sendmail, Postfix, Dovecot…) weigerde de TLS-handshake: geen van de suites die de client aanbood, kan hij gebruiken.',
    ),
    t(
      'Either the client offers only old suites (RC4, 3DES, export; an old Exchange or device) that the server has switched off, or the server has no usable certificate for the suites offered (no certificate or key configured, an ECDSA-only certificate while the client wants RSA, or a cipher list cut down too far). The same failure as Schannel event 36874 or alert 40.',
      'Of de client biedt alleen oude suites aan (RC4, 3DES, export; een oude Exchange of een apparaat) die de server heeft uitgeschakeld, of de server heeft geen bruikbaar certificaat voor de aangeboden suites (geen certificaat of sleutel ingesteld, alleen een ECDSA-certificaat terwijl de client RSA wil, of een te ver ingekorte lijst van suites). Dezelfde fout als Schannel-gebeurtenis 36874 of alert 40.',
    ),
    t(
      'Check that the server has an RSA certificate and key configured for TLS (Sendmail: confSERVER_CERT/confSERVER_KEY; Postfix: smtpd_tls_cert_file/smtpd_tls_key_file) and that its cipher list includes TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 and TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; move the client to TLS 1.2 with those suites.',
      'Controleer dat de server een RSA-certificaat en -sleutel voor TLS heeft ingesteld (Sendmail: confSERVER_CERT/confSERVER_KEY; Postfix: smtpd_tls_cert_file/smtpd_tls_key_file) en dat de lijst van suites TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 en TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 bevat; zet de client over op TLS 1.2 met die suites.',
    ),
    'mailtls probe <host> --ciphers',
  ),
  'sig.no-protocols-available': sig(
    'error',
    t(
      'OpenSSL: no protocols available — this side has every TLS version switched off',
      'OpenSSL: no protocols available — aan deze kant staan alle TLS-versies uit',
    ),
    t(
      'OpenSSL could not start a handshake at all: the TLS versions allowed by the configuration leave none that the library can use.',
      'OpenSSL kon helemaal geen handshake starten: de TLS-versies die de configuratie toestaat, laten er geen over die de bibliotheek kan gebruiken.',
    ),
    t(
      'The minimum and maximum version contradict each other: for example smtp_tls_protocols or MinProtocol (openssl.cnf) requires TLS 1.2 or higher while the application caps at TLS 1.0/1.1, or every version is excluded ("!TLSv1.2, !TLSv1.3" and an OpenSSL 3 that no longer allows TLS 1.0/1.1 at its default security level).',
      'De minimum- en maximumversie spreken elkaar tegen: bijvoorbeeld smtp_tls_protocols of MinProtocol (openssl.cnf) vereist TLS 1.2 of hoger terwijl de toepassing tot TLS 1.0/1.1 beperkt is, of elke versie is uitgesloten ("!TLSv1.2, !TLSv1.3" en een OpenSSL 3 die TLS 1.0/1.1 op het standaardbeveiligingsniveau niet meer toestaat).',
    ),
    t(
      'Allow TLS 1.2 (and 1.3) on this side: remove the exclusions from the protocol settings (Postfix: smtp_tls_protocols = >=TLSv1.2), check MinProtocol/MaxProtocol in openssl.cnf, and update an application that can only do TLS 1.0/1.1.',
      'Sta TLS 1.2 (en 1.3) toe aan deze kant: haal de uitsluitingen uit de protocolinstellingen (Postfix: smtp_tls_protocols = >=TLSv1.2), controleer MinProtocol/MaxProtocol in openssl.cnf en werk een toepassing bij die alleen TLS 1.0/1.1 kan.',
    ),
    'mailtls probe <host>',
  ),
  'sig.dh-key-too-small': sig(
    'error',
    t(
      'OpenSSL: dh key too small — the server uses weak Diffie-Hellman parameters',
      'OpenSSL: dh key too small — de server gebruikt zwakke Diffie-Hellman-parameters',
    ),
    t(
      "The connecting side refused the handshake because the server's DHE key is shorter than its security level allows (below 2048 bits on current OpenSSL).",
      'De verbindende kant weigerde de handshake omdat de DHE-sleutel van de server korter is dan het beveiligingsniveau toestaat (onder 2048 bits in de huidige OpenSSL).',
    ),
    t(
      'The server prefers a DHE suite and has 512/1024-bit DH parameters (an old default or a generated dh1024.pem); an up-to-date client refuses them.',
      'De server geeft de voorkeur aan een DHE-suite en heeft DH-parameters van 512/1024 bits (een oude standaard of een gegenereerde dh1024.pem); een actuele client weigert die.',
    ),
    t(
      'On the server: generate 2048-bit parameters (openssl dhparam -out dh2048.pem 2048; Postfix: smtpd_tls_dh1024_param_file = dh2048.pem) or prefer ECDHE suites (TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) so DHE is not chosen; on Windows disable the DHE suites or set ServerMinKeyBitLength 2048.',
      'Op de server: genereer parameters van 2048 bits (openssl dhparam -out dh2048.pem 2048; Postfix: smtpd_tls_dh1024_param_file = dh2048.pem) of geef de voorkeur aan ECDHE-suites (TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) zodat DHE niet wordt gekozen; schakel op Windows de DHE-suites uit of zet ServerMinKeyBitLength op 2048.',
    ),
    'mailtls probe <host> --ciphers',
  ),
  'sig.tls12-required': sig(
    'error',
    t(
      "TLS 1.2 or higher is required: the receiver refused the sender's old TLS version",
      'TLS 1.2 or higher is required: de ontvanger weigerde de oude TLS-versie van de afzender',
    ),
    t(
      'The receiving server accepts mail only over TLS 1.2 or later, and the sender came with TLS 1.0/1.1 (or without TLS).',
      'De ontvangende server accepteert e-mail alleen via TLS 1.2 of hoger, en de afzender kwam met TLS 1.0/1.1 (of zonder TLS).',
    ),
    t(
      'The sending server, device or application offers only TLS 1.0/1.1: an old Windows/Exchange without the TLS 1.2 keys, a .NET Framework 4.x application, or old firmware.',
      'De verzendende server, het apparaat of de toepassing biedt alleen TLS 1.0/1.1 aan: een oude Windows/Exchange zonder de TLS 1.2-sleutels, een .NET Framework 4.x-toepassing of oude firmware.',
    ),
    WIN_TLS12,
    'mailtls listen',
  ),
  'sig.gnutls-handshake': sig(
    'error',
    t('GnuTLS: the TLS handshake failed', 'GnuTLS: de TLS-handshake is mislukt'),
    t(
      'A program using GnuTLS (msmtp, mutt, git, an Exim relay) could not complete the TLS handshake; the reason is under Details.',
      'Een programma met GnuTLS (msmtp, mutt, git, een Exim-relay) kon de TLS-handshake niet voltooien; de reden staat onder Details.',
    ),
    t(
      '"Error in the push function", "Error in the pull function", "TLS session unexpectedly closed" or "non-properly terminated": the other side closed or reset the connection during the handshake — usually because it refuses the TLS version or suites offered, or a firewall inspecting SMTP cut it. "A TLS fatal alert has been received": the other side refused with an alert. "Could not negotiate a supported cipher suite": no suite in common.',
      '"Error in the push function", "Error in the pull function", "TLS session unexpectedly closed" of "non-properly terminated": de andere kant sloot of verbrak de verbinding tijdens de handshake — meestal omdat die de aangeboden TLS-versie of suites weigert, of een firewall die SMTP inspecteert de verbinding afbrak. "A TLS fatal alert has been received": de andere kant weigerde met een alert. "Could not negotiate a supported cipher suite": geen gemeenschappelijke suite.',
    ),
    t(
      'Find out what the server accepts and what this side offers: make both speak TLS 1.2 with a suite Exchange Online accepts (GnuTLS priority string, e.g. tls_priority in msmtp, must not exclude VERS-TLS1.2), and remove SMTP inspection on firewalls in between.',
      'Zoek uit wat de server accepteert en wat deze kant aanbiedt: laat beide TLS 1.2 spreken met een suite die Exchange Online accepteert (de GnuTLS-prioriteitsreeks, bijv. tls_priority in msmtp, mag VERS-TLS1.2 niet uitsluiten), en schakel SMTP-inspectie op tussenliggende firewalls uit.',
    ),
    'mailtls probe <host>',
  ),
  'sig.curl-schannel-handshake': sig(
    'error',
    t(
      'curl (Windows Schannel): failed to receive handshake — the server closed the TLS handshake',
      'curl (Windows Schannel): failed to receive handshake — de server sloot de TLS-handshake af',
    ),
    t(
      'curl on Windows (Schannel backend) sent its ClientHello and the server closed the connection instead of answering.',
      'curl op Windows (Schannel-backend) stuurde de ClientHello en de server sloot de verbinding in plaats van te antwoorden.',
    ),
    t(
      'Windows and the server share no TLS version or suite: an old Windows (7/2008 R2, 2012) without TLS 1.2 enabled for Schannel against a server that requires it, or the server refuses the suites Schannel offers; sometimes a proxy or firewall that breaks TLS.',
      'Windows en de server hebben geen TLS-versie of suite gemeen: een oude Windows (7/2008 R2, 2012) zonder TLS 1.2 voor Schannel tegenover een server die dat vereist, of de server weigert de suites die Schannel aanbiedt; soms een proxy of firewall die TLS verstoort.',
    ),
    WIN_TLS12,
    'mailtls probe <host>',
  ),
});

/** What else to check per signature (shown as "Check"), keyed `explain.check.<id>`. */
const checks: Record<string, Text> = {
  'sig.socket-error-421': t(
    'Find out who wrote it: in the Queue Viewer of your on-premises server it is your outgoing mail to Exchange Online (your server is the TLS client); in an NDR that Exchange Online sent, it is mail to your server (your server is the TLS server). Then look for "TLS negotiation failed with error SocketError" in the send connector protocol log and for Schannel events 36874/36887/36888 in the System log.',
    'Zoek uit wie het schreef: in de wachtrijviewer van uw on-premises server gaat het om uw uitgaande e-mail naar Exchange Online (uw server is de TLS-client); in een NDR die Exchange Online stuurde, gaat het om e-mail naar uw server (uw server is de TLS-server). Zoek daarna in het protocollogboek van de verzendconnector naar "TLS negotiation failed with error SocketError" en in het systeemlogboek naar Schannel-gebeurtenissen 36874/36887/36888.',
  ),
  'sig.tls-negotiation-failed': t(
    'A send connector protocol log (SmtpSend) means your server was the TLS client: see what it offers with mailtls listen. A receive connector log (SmtpReceive) means a connecting server failed: see what your server accepts with mailtls probe. Check the same session for a following "451 5.7.3" line (retry without STARTTLS).',
    'Een protocollogboek van een verzendconnector (SmtpSend) betekent dat uw server de TLS-client was: bekijk met mailtls listen wat die aanbiedt. Een logboek van een ontvangstconnector (SmtpReceive) betekent dat een verbindende server mislukte: bekijk met mailtls probe wat uw server accepteert. Zoek in dezelfde sessie naar een volgende regel "451 5.7.3" (nieuwe poging zonder STARTTLS).',
  ),
  'sig.tls-no-credentials': t(
    'Check HasPrivateKey and Services of every certificate (Get-ExchangeCertificate), the permissions on the private key (certlm.msc → Manage Private Keys → Network Service: read) and the TlsCertificateName of the send connector.',
    'Controleer HasPrivateKey en Services van elk certificaat (Get-ExchangeCertificate), de machtigingen op de persoonlijke sleutel (certlm.msc → Persoonlijke sleutels beheren → Netwerkservice: lezen) en TlsCertificateName van de verzendconnector.',
  ),
  'sig.tls-unknown-credentials': t(
    'Check whether the certificate was renewed recently, and whether the thumbprint enabled for SMTP is the one the connectors name.',
    'Controleer of het certificaat onlangs is vernieuwd en of de vingerafdruk die voor SMTP is ingeschakeld, dezelfde is als die de connectors noemen.',
  ),
  'sig.must-issue-starttls': t(
    'Read the lines just above it in the same session of the protocol log: "TLS negotiation failed with error …" means the handshake failed first; no STARTTLS at all means the sender never tried. On the receiving side: Get-ReceiveConnector | fl Name,RequireTLS,AuthMechanism.',
    'Lees de regels er vlak boven in dezelfde sessie van het protocollogboek: "TLS negotiation failed with error …" betekent dat eerst de handshake mislukte; helemaal geen STARTTLS betekent dat de afzender het nooit heeft geprobeerd. Aan de ontvangende kant: Get-ReceiveConnector | fl Name,RequireTLS,AuthMechanism.',
  ),
  'sig.must-issue-starttls-530': t(
    "In the receiver's log, look just before this line for an SSL_accept error from the same client; check what the client offers with mailtls listen.",
    'Zoek in het logboek van de ontvanger vlak voor deze regel naar een SSL_accept error van dezelfde client; bekijk met mailtls listen wat de client aanbiedt.',
  ),
  'sig.starttls-required': t(
    "Who sent it: a device or app using smtp.office365.com (client submission) or a server delivering to your MX or an inbound connector? Look in the sender's log for a TLS failure just before.",
    'Wie heeft het verzonden: een apparaat of toepassing via smtp.office365.com (verzending door een client) of een server die bij uw MX of een binnenkomende connector bezorgt? Zoek in het logboek van de afzender naar een TLS-fout vlak ervoor.',
  ),
  'sig.4-4-317': t(
    'Run a message trace in the Exchange admin center for the details, check the outbound connector (Get-OutboundConnector | fl Name,SmartHosts,TlsSettings,TlsDomain), and make sure port 25 from Exchange Online reaches your server without SMTP inspection on a firewall.',
    'Voer in het Exchange-beheercentrum een berichttracering uit voor de details, controleer de uitgaande connector (Get-OutboundConnector | fl Name,SmartHosts,TlsSettings,TlsDomain) en zorg dat poort 25 vanaf Exchange Online uw server bereikt zonder SMTP-inspectie op een firewall.',
  ),
  'sig.4-7-66': t(
    'Point the device at mailtls listen to see which TLS versions and suites its ClientHello offers, and check whether a firmware update adds TLS 1.2.',
    'Laat het apparaat naar mailtls listen verzenden om te zien welke TLS-versies en coderingssuites de ClientHello aanbiedt, en controleer of een firmware-update TLS 1.2 toevoegt.',
  ),
  'sig.suspicious-remote-server': t(
    'Check the Schannel events (36874, 36888) on the receiving server at the time of the attempts, and whether a firewall between Exchange Online and your server inspects SMTP.',
    'Controleer de Schannel-gebeurtenissen (36874, 36888) op de ontvangende server op het tijdstip van de pogingen, en of een firewall tussen Exchange Online en uw server SMTP inspecteert.',
  ),
  'sig.auth-temp-failure-454': t(
    'Confirm that TLS itself is fine: mailtls probe <host> should show STARTTLS and TLS 1.2; then look at the authentication side only.',
    'Bevestig dat TLS zelf in orde is: mailtls probe <host> moet STARTTLS en TLS 1.2 tonen; kijk daarna alleen naar de verificatie.',
  ),
  'sig.tls-not-available-454': t(
    "Check the receiver's certificate and key files (paths, permissions, matching pair) and its smtpd_tls_protocols.",
    'Controleer de certificaat- en sleutelbestanden van de ontvanger (paden, rechten, bij elkaar passend paar) en smtpd_tls_protocols.',
  ),
  'sig.version-too-low': t(
    'The "TLS library problem" line names no client: match it by process id with the "SSL_accept error from host[ip]" line next to it to find the client.',
    'De regel "TLS library problem" noemt geen client: koppel die via het proces-id aan de regel "SSL_accept error from host[ip]" ernaast om de client te vinden.',
  ),
  'sig.unsupported-protocol': t(
    'Find the peer on the adjacent SSL_accept/SSL_connect line (same process id) and run mailtls probe against it (a server) or point it at mailtls listen (a client).',
    'Zoek de andere kant op de regel SSL_accept/SSL_connect ernaast (hetzelfde proces-id) en voer mailtls probe ertegen uit (een server) of laat die naar mailtls listen verzenden (een client).',
  ),
  'sig.wrong-version-number': t(
    'Check the port and mode (STARTTLS on 25/587, implicit TLS on 465) and whether a proxy or firewall sits in between.',
    'Controleer de poort en de modus (STARTTLS op 25/587, impliciete TLS op 465) en of er een proxy of firewall tussen zit.',
  ),
  'sig.alert-protocol-version': t(
    'Check which versions this side enables (Postfix: postconf smtp_tls_protocols smtp_tls_mandatory_protocols; Windows: mailtls registry --live).',
    'Controleer welke versies deze kant inschakelt (Postfix: postconf smtp_tls_protocols smtp_tls_mandatory_protocols; Windows: mailtls registry --live).',
  ),
  'sig.alert-handshake-failure': t(
    "Compare the suites this side offers with Exchange Online's list (mailtls listen shows what a sender offers; mailtls probe --ciphers what a server accepts).",
    'Vergelijk de coderingssuites die deze kant aanbiedt met de lijst van Exchange Online (mailtls listen toont wat een afzender aanbiedt; mailtls probe --ciphers wat een server accepteert).',
  ),
  'sig.ssl-accept-error': t(
    'Count how often each client fails: mailtls logs reports failures and TLS versions per peer.',
    'Tel hoe vaak elke client mislukt: mailtls logs rapporteert fouten en TLS-versies per server.',
  ),
  'sig.ssl-connect-error': t(
    'Check the "TLS library problem" line with the same process id for the OpenSSL reason.',
    'Zoek de regel "TLS library problem" met hetzelfde proces-id voor de reden van OpenSSL.',
  ),
  'sig.cannot-start-tls': t(
    'Check the TLS policy for this destination (smtp_tls_security_level, smtp_tls_policy_maps) and the "TLS library problem" line with the same process id.',
    'Controleer het TLS-beleid voor deze bestemming (smtp_tls_security_level, smtp_tls_policy_maps) en de regel "TLS library problem" met hetzelfde proces-id.',
  ),
  'sig.tls-required-not-offered': t(
    'Connect by hand (mailtls probe, or swaks --tls) and see whether STARTTLS is in the EHLO reply; compare with a test from outside your network.',
    'Maak handmatig verbinding (mailtls probe, of swaks --tls) en kijk of STARTTLS in het EHLO-antwoord staat; vergelijk met een test van buiten uw netwerk.',
  ),
  'sig.exim-tls-error': t(
    'Look at the reason after the colon and at X= on the successful deliveries for the same host (TLS1 or TLSv1 means TLS 1.0).',
    'Kijk naar de reden na de dubbele punt en naar X= bij de geslaagde bezorgingen voor dezelfde host (TLS1 of TLSv1 betekent TLS 1.0).',
  ),
  'sig.exim-tls-required': t(
    'Check hosts_require_tls and the DANE/TLSA records for the destination.',
    'Controleer hosts_require_tls en de DANE/TLSA-records voor de bestemming.',
  ),
  'sig.tls-handshake-failed-403': t(
    'Check which OpenSSL Sendmail is linked against (sendmail -d0.1 -bv root) and the STARTTLS=client lines before the reject.',
    'Controleer met welke OpenSSL Sendmail is gekoppeld (sendmail -d0.1 -bv root) en de regels STARTTLS=client vóór de weigering.',
  ),
  'sig.sendmail-starttls-error': t(
    'Check the reason= field and the relay= peer; the version= field of successful sessions tells which TLS version the peer uses (TLSv1/SSLv3 says nothing).',
    'Controleer het veld reason= en de andere kant in relay=; het veld version= van geslaagde sessies vertelt welke TLS-versie de andere kant gebruikt (TLSv1/SSLv3 zegt niets).',
  ),
  'sig.legacy-tls-in-use': t(
    'List every peer that still uses TLS 1.0/1.1 with mailtls logs before you disable the old versions.',
    'Maak met mailtls logs een lijst van alle servers die nog TLS 1.0/1.1 gebruiken voordat u de oude versies uitschakelt.',
  ),
  'sig.schannel-36871': t(
    'Find the program from the time of the event (often the Microsoft Exchange Transport service or a .NET application) and check the .NET keys with mailtls registry --live.',
    'Zoek het programma op aan de hand van het tijdstip van de gebeurtenis (vaak de service Microsoft Exchange Transport of een .NET-toepassing) en controleer de .NET-sleutels met mailtls registry --live.',
  ),
  'sig.schannel-36874': t(
    "Find the client's IP in the receive connector protocol log at the same time; for more detail set SCHANNEL\\EventLogging to 3.",
    'Zoek het IP-adres van de client in het protocollogboek van de ontvangstconnector op hetzelfde tijdstip; zet voor meer details SCHANNEL\\EventLogging op 3.',
  ),
  'sig.schannel-36887-70': t(
    'Check the send connector protocol log at the same time for "TLS negotiation failed", and this server\'s client-side TLS settings with mailtls registry --live.',
    'Zoek in het protocollogboek van de verzendconnector op hetzelfde tijdstip naar "TLS negotiation failed" en controleer de TLS-instellingen van deze server als client met mailtls registry --live.',
  ),
  'sig.schannel-36887-40': t(
    "Check this server's suite order (Get-TlsCipherSuite) against Exchange Online's list.",
    'Vergelijk de volgorde van coderingssuites van deze server (Get-TlsCipherSuite) met de lijst van Exchange Online.',
  ),
  'sig.schannel-36887': t(
    'Look up the alert code (shown under Details) and the Target name in the event, if your Windows version logs it.',
    'Zoek de alertcode op (onder Details) en de doelnaam in de gebeurtenis, als uw Windows-versie die vastlegt.',
  ),
  'sig.schannel-36888-70': t(
    'Find the client in the receive connector protocol log at the same time, and look for event 36874 next to it.',
    'Zoek de client in het protocollogboek van de ontvangstconnector op hetzelfde tijdstip, en kijk of gebeurtenis 36874 ernaast staat.',
  ),
  'sig.schannel-36888-40': t(
    'Look for event 36874 at the same time: it names the protocol the client asked for.',
    'Kijk of gebeurtenis 36874 op hetzelfde tijdstip staat: die noemt het protocol waar de client om vroeg.',
  ),
  'sig.schannel-36888': t(
    'Look up the alert code (shown under Details) and find the peer in the protocol log at the same time.',
    'Zoek de alertcode op (onder Details) en zoek de andere kant in het protocollogboek op hetzelfde tijdstip.',
  ),
  'sig.timed-out-421': t(
    'Does it happen for one destination or for all? mailtls probe <receiving-host> shows whether the connection and the handshake complete from here.',
    'Gebeurt het bij één bestemming of bij alle? mailtls probe <receiving-host> laat zien of de verbinding en de handshake vanaf hier slagen.',
  ),
  'sig.remote-socket-error': t(
    'Look at the lines before it in the same session: was STARTTLS the last command? Check the Schannel events (36874, 36888) on this server at the same time.',
    'Bekijk de regels ervoor in dezelfde sessie: was STARTTLS de laatste opdracht? Controleer de Schannel-gebeurtenissen (36874, 36888) op deze server op hetzelfde tijdstip.',
  ),
  'sig.exo-4-4-316': t(
    'The NDR names the address in LastAttemptedServerName / the IP: test port 25 there from outside your network.',
    'De NDR noemt het adres in LastAttemptedServerName / het IP-adres: test daar poort 25 van buiten uw netwerk.',
  ),
  'sig.mta-sts-failed': t(
    "Compare the MX records, the policy's mx: lines and the names in the MX host's certificate.",
    'Vergelijk de MX-records, de mx:-regels van het beleid en de namen in het certificaat van de MX-host.',
  ),
  'sig.dane-failed': t(
    'Compare the TLSA records (_25._tcp.<mx-host>) with the certificate the MX host serves.',
    'Vergelijk de TLSA-records (_25._tcp.<mx-host>) met het certificaat dat de MX-host aanbiedt.',
  ),
  'sig.tenant-attribution-5-7-64': t(
    'Which certificate does your send connector present? Get-SendConnector | fl Name,TlsCertificateName,RequireTLS.',
    'Welk certificaat biedt uw verzendconnector aan? Get-SendConnector | fl Name,TlsCertificateName,RequireTLS.',
  ),
  'sig.tls-channel-access-denied': t(
    'Get-ExchangeCertificate | fl Thumbprint,Subject,Issuer,Services,NotAfter: is SMTP bound to more than one certificate with the same name?',
    'Get-ExchangeCertificate | fl Thumbprint,Subject,Issuer,Services,NotAfter: is SMTP aan meer dan één certificaat met dezelfde naam gekoppeld?',
  ),
  'sig.client-tls-config': t(
    'postconf -n | grep -i tls, and the "warning:" lines from the same process id.',
    'postconf -n | grep -i tls, en de regels "warning:" van hetzelfde proces-id.',
  ),
  'sig.cert-host-mismatch': t(
    'Get-SendConnector | fl Name,TlsAuthLevel,TlsDomain,SmartHosts, and the names in the certificate the receiving host serves.',
    'Get-SendConnector | fl Name,TlsAuthLevel,TlsDomain,SmartHosts, en de namen in het certificaat dat de ontvangende host aanbiedt.',
  ),
  'sig.send-connector-tls-required': t(
    'Connect to the receiving server (mailtls probe) and check that 250-STARTTLS is in the EHLO reply.',
    'Maak verbinding met de ontvangende server (mailtls probe) en controleer of 250-STARTTLS in het EHLO-antwoord staat.',
  ),
  'sig.exim-tls-unavailable': t(
    'exim -bP tls_certificate tls_privatekey tls_require_ciphers on the receiver, and its paniclog.',
    'exim -bP tls_certificate tls_privatekey tls_require_ciphers op de ontvanger, en de paniclog ervan.',
  ),
  'sig.sec-algorithm-mismatch': t(
    'Which side is Windows? Run mailtls registry --live there; mailtls probe (a server) or mailtls listen (a client) shows what the other side offers.',
    'Welke kant is Windows? Voer daar mailtls registry --live uit; mailtls probe (een server) of mailtls listen (een client) toont wat de andere kant aanbiedt.',
  ),
  'sig.sec-illegal-message': t(
    'The Schannel event 36887 at the same time gives the alert code the other side sent.',
    'De Schannel-gebeurtenis 36887 op hetzelfde tijdstip geeft de alertcode die de andere kant stuurde.',
  ),
  'sig.sec-unsupported-function': t(
    'mailtls registry --live on this machine shows which versions Schannel and .NET allow.',
    'mailtls registry --live op deze machine toont welke versies Schannel en .NET toestaan.',
  ),
  'sig.sec-wrong-principal': t(
    'mailtls probe <host> lists the names in the served certificate.',
    'mailtls probe <host> toont de namen in het aangeboden certificaat.',
  ),
  'sig.sec-cert-expired': t(
    "mailtls probe <host> shows the served certificate's dates.",
    'mailtls probe <host> toont de datums van het aangeboden certificaat.',
  ),
  'sig.sec-untrusted-root': t(
    'mailtls probe <host> shows the served chain and whether it ends at a public root.',
    'mailtls probe <host> toont de aangeboden keten en of die bij een openbare basis-CA eindigt.',
  ),
  'sig.sec-invalid-token': t(
    'mailtls probe <host> shows the versions and the certificate signature algorithm.',
    'mailtls probe <host> toont de versies en het handtekeningalgoritme van het certificaat.',
  ),
  'sig.dotnet-sspi-failed': t(
    'Point the application at mailtls listen to see which TLS versions and suites it offers.',
    'Laat de toepassing naar mailtls listen verzenden om te zien welke TLS-versies en suites die aanbiedt.',
  ),
  'sig.dotnet-unexpected-packet': t(
    'Which port and mode does the application use? mailtls probe <host> shows what the server speaks on it.',
    'Welke poort en modus gebruikt de toepassing? mailtls probe <host> toont wat de server daarop spreekt.',
  ),
  'sig.dotnet-remote-closed': t(
    'Point the application at mailtls listen to see its ClientHello; mailtls probe <host> shows what the server accepts.',
    'Laat de toepassing naar mailtls listen verzenden om de ClientHello te zien; mailtls probe <host> toont wat de server accepteert.',
  ),
  'sig.dotnet-remote-cert-invalid': t(
    'mailtls probe <host> shows the served chain, its dates and names.',
    'mailtls probe <host> toont de aangeboden keten, de datums en de namen.',
  ),
  'sig.dotnet-tls-alert': t(
    'Look up the alert under Details; mailtls probe <host> shows what the server accepts and which certificate it serves.',
    'Zoek de alert op onder Details; mailtls probe <host> toont wat de server accepteert en welk certificaat hij aanbiedt.',
  ),
  'sig.dotnet-connection-reset': t(
    'Point the application at mailtls listen: if its ClientHello offers only TLS 1.0, the .NET registry keys are the fix; mailtls registry --live shows them.',
    'Laat de toepassing naar mailtls listen verzenden: als de ClientHello alleen TLS 1.0 aanbiedt, zijn de .NET-registersleutels de oplossing; mailtls registry --live toont ze.',
  ),
  'sig.no-shared-cipher': t(
    'mailtls probe <host> --ciphers shows which suites the server accepts; point the client at mailtls listen to see what it offers.',
    'mailtls probe <host> --ciphers toont welke suites de server accepteert; laat de client naar mailtls listen verzenden om te zien wat die aanbiedt.',
  ),
  'sig.no-protocols-available': t(
    'Print the protocol settings (Postfix: postconf smtp_tls_protocols smtpd_tls_protocols; openssl version -d for openssl.cnf) and look for MinProtocol/MaxProtocol.',
    'Toon de protocolinstellingen (Postfix: postconf smtp_tls_protocols smtpd_tls_protocols; openssl version -d voor openssl.cnf) en zoek naar MinProtocol/MaxProtocol.',
  ),
  'sig.dh-key-too-small': t(
    'mailtls probe <host> --ciphers shows whether the server picks a DHE suite; openssl s_client -connect <host>:25 -starttls smtp prints the "Server Temp Key" size.',
    'mailtls probe <host> --ciphers toont of de server een DHE-suite kiest; openssl s_client -connect <host>:25 -starttls smtp toont de grootte van de "Server Temp Key".',
  ),
  'sig.tls12-required': t(
    'Point the sender at mailtls listen to see which TLS versions its ClientHello offers; on Windows, mailtls registry --live shows whether TLS 1.2 is enabled.',
    'Laat de afzender naar mailtls listen verzenden om te zien welke TLS-versies de ClientHello aanbiedt; op Windows toont mailtls registry --live of TLS 1.2 is ingeschakeld.',
  ),
  'sig.gnutls-handshake': t(
    'mailtls probe <host> shows the versions and suites the server accepts; gnutls-cli --starttls-proto=smtp -p 25 <host> shows the same failure with more detail.',
    'mailtls probe <host> toont de versies en suites die de server accepteert; gnutls-cli --starttls-proto=smtp -p 25 <host> toont dezelfde fout met meer details.',
  ),
  'sig.curl-schannel-handshake': t(
    'mailtls probe <host> shows what the server accepts; on the Windows machine mailtls registry --live shows whether TLS 1.2 is enabled for Schannel.',
    'mailtls probe <host> toont wat de server accepteert; op de Windows-machine toont mailtls registry --live of TLS 1.2 voor Schannel is ingeschakeld.',
  ),
};

export const ui: Record<string, Text> = {
  'explain.input.empty': {
    en: 'no text to explain: pass it as an argument, or pipe it on stdin',
    nl: 'geen tekst om uit te leggen: geef die op als argument of stuur die via stdin',
  },
  'explain.input.too-large': {
    en: 'input is larger than {max} bytes; for whole log files use mailtls logs',
    nl: 'de invoer is groter dan {max} bytes; gebruik voor volledige logbestanden mailtls logs',
  },
  'explain.input.binary': {
    en: 'input looks binary (it contains NUL bytes); paste the text of the NDR or log instead',
    nl: 'de invoer lijkt binair (bevat NUL-bytes); plak in plaats daarvan de tekst van de NDR of het logboek',
  },
  // Explaining a finding id (no measured values): its placeholders read as generic words, never as raw {name}.
  'explain.placeholder.any': t('…', '…'),
  'explain.placeholder.endpoint': t('the server', 'de server'),
  'explain.placeholder.remote': t('the sender', 'de afzender'),
  'explain.placeholder.host': t('the host', 'de host'),
  'explain.placeholder.target': t('the host', 'de host'),
  'explain.placeholder.name': t('the name', 'de naam'),
  'explain.placeholder.domain': t('the domain', 'het domein'),
  'explain.placeholder.peer': t('the peer', 'de andere kant'),
  'explain.placeholder.file': t('the file', 'het bestand'),
  'explain.placeholder.key': t('the key', 'de sleutel'),
  'explain.placeholder.connector': t('the connector', 'de connector'),
  'explain.placeholder.suites': t('its suites', 'zijn suites'),
  'explain.placeholder.versions': t('its versions', 'zijn versies'),
  'explain.placeholder.version': t('TLS', 'TLS'),
  'explain.placeholder.cipher': t('a cipher suite', 'een coderingssuite'),
  'explain.placeholder.count': t('N', 'N'),
  'explain.placeholder.during': t('a step of the session', 'een stap van de sessie'),
  'explain.placeholder.eoSuites': t("Exchange Online's TLS 1.3 suites", 'de TLS 1.3-suites van Exchange Online'),
  'explain.placeholder.total': t('N', 'N'),
  'explain.placeholder.max': t('N', 'N'),
  'explain.placeholder.sessions': t('N', 'N'),
  'explain.placeholder.days': t('N', 'N'),
  'explain.placeholder.bits': t('N', 'N'),
  'explain.placeholder.attempts': t('N', 'N'),
  'explain.description': t(
    'Explain an NDR, queue error, log line or finding id: cause, what to check, fix, and the mailtls command that proves it.',
    'Leg een NDR, wachtrijfout, logregel of bevindings-id uit: oorzaak, wat te controleren, oplossing en de mailtls-opdracht die het bewijst.',
  ),
  'explain.arg.text': t(
    'error text or finding id; "-" or nothing reads stdin (paste a whole NDR)',
    'fouttekst of bevindings-id; "-" of niets leest stdin (plak een volledige NDR)',
  ),
  'explain.help.examples': t('Examples:', 'Voorbeelden:'),
  'explain.help.paste': t('paste a whole NDR or a queue viewer error', 'plak een volledige NDR of een fout uit de wachtrijviewer'),
  'explain.recognised': t('Recognised {count} known message(s).', '{count} bekende melding(en) herkend.'),
  'explain.label.evidence': t('Matched', 'Gevonden'),
  'explain.label.where': t('Where', 'Waar'),
  'explain.label.details': t('Details', 'Details'),
  'explain.label.cause': t('Cause', 'Oorzaak'),
  'explain.label.check': t('Check', 'Controleer'),
  'explain.label.fix': t('Fix', 'Oplossing'),
  'explain.label.next': t('Prove it', 'Bewijs'),
  'explain.occurrences': t('{count}× in the text', '{count}× in de tekst'),
  'explain.confidence.high': t('high confidence', 'grote zekerheid'),
  'explain.confidence.medium': t('medium confidence', 'redelijke zekerheid'),
  'explain.confidence.low': t('low confidence', 'weinig zekerheid'),
  'explain.side.sender': t('sending server', 'verzendende server'),
  'explain.side.receiver': t('receiving server', 'ontvangende server'),
  'explain.side.client': t('the client (device or application)', 'de client (apparaat of toepassing)'),
  'explain.side.local': t('the server that logged it', 'de server die het vastlegde'),
  'explain.side.remote': t('the other side (peer)', 'de andere kant'),
  'explain.side.either': t('either side — see Check', 'een van beide kanten — zie Controleer'),
  'explain.side.none': t('not a TLS side', 'geen TLS-kant'),
  'explain.direction.outbound': t('outgoing mail', 'uitgaande e-mail'),
  'explain.direction.inbound': t('incoming mail', 'binnenkomende e-mail'),
  'explain.direction.submission': t('client submission (SMTP AUTH)', 'verzending door een client (SMTP AUTH)'),
  'explain.direction.either': t('either direction', 'beide richtingen'),
  'explain.direction.none': t('not about mail-flow direction', 'niet afhankelijk van de richting'),
  'explain.where': t('fix on: {side}; {direction}', 'oplossen bij: {side}; {direction}'),
  'explain.where.flow': t('fix on: {side} {host}; mail from {sender} to {receiver}', 'oplossen bij: {side} {host}; e-mail van {sender} naar {receiver}'),
  'explain.where.flow-either': t('fix on: {side}; mail from {sender} to {receiver}', 'oplossen bij: {side}; e-mail van {sender} naar {receiver}'),
  'explain.where.flow-sender': t('fix on: {side}; mail sent by {sender}', 'oplossen bij: {side}; e-mail verzonden door {sender}'),
  'explain.exchange-online': t('{host} (Exchange Online)', '{host} (Exchange Online)'),
  'explain.next.listen': t(
    'point the sending server or device at this machine: it answers like Exchange Online and shows which TLS versions and suites the sender offers',
    'laat de verzendende server of het apparaat naar deze machine verzenden: die antwoordt zoals Exchange Online en toont welke TLS-versies en coderingssuites de afzender aanbiedt',
  ),
  'explain.next.probe': t(
    'tests the server the way Exchange Online connects to it: STARTTLS, TLS versions, suites, certificate',
    'test de server zoals Exchange Online ermee verbindt: STARTTLS, TLS-versies, coderingssuites, certificaat',
  ),
  'explain.next.registry': t(
    'run it on the Windows server: it reads the SCHANNEL and .NET keys and writes the fix',
    'voer dit uit op de Windows-server: leest de SCHANNEL- en .NET-sleutels en schrijft de oplossing',
  ),
  'explain.next.logs': t('lists every peer in the logs with its TLS versions and failures', 'toont elke server in de logboeken met de TLS-versies en fouten'),
  'explain.next.send': t('sends one test message the way Exchange Online sends', 'verzendt één testbericht zoals Exchange Online verzendt'),
  // The <placeholders> of the next commands, as the admin should read them.
  'explain.arg.exim-mainlog': t('<exim-mainlog>', '<exim-mainlog>'),
  'explain.arg.host': t('<host>', '<host>'),
  'explain.arg.log-files': t('<log-files>', '<logbestanden>'),
  'explain.arg.mail-log': t('<mail-log>', '<maillogboek>'),
  'explain.arg.receiving-host': t('<receiving-host>', '<ontvangende-host>'),
  'explain.arg.remote-host': t('<remote-host>', '<externe-host>'),
  'explain.arg.this-server': t('<this-server>', '<deze-server>'),
  'explain.arg.your-mx-host': t('<your-mx-host>', '<uw-mx-host>'),
  'explain.arg.your-on-premises-mx-host': t('<your-on-premises-mx-host>', '<uw-on-premises-mx-host>'),
  'explain.unknown': t(
    'Not recognised: this text matches none of the error messages mailtls knows.',
    'Niet herkend: deze tekst komt niet overeen met een van de foutmeldingen die mailtls kent.',
  ),
  'explain.msg-refused': t(
    'This is an Outlook .msg file, which mailtls does not read: save the bounce as .eml (new Outlook or Outlook on the web: … > Download) or as text (classic Outlook: File > Save As > Text Only) and pass that file.',
    'Dit is een Outlook-bestand (.msg), dat mailtls niet leest: sla de onbestelbaarheidsmelding op als .eml (nieuwe Outlook of Outlook op het web: … > Downloaden) of als tekst (klassieke Outlook: Bestand > Opslaan als > Alleen tekst) en geef dat bestand op.',
  ),
  'explain.eml-unreadable': t(
    'This looks like a saved message but its MIME structure cannot be read: paste the text of the bounce instead.',
    'Dit lijkt een opgeslagen bericht, maar de MIME-structuur is niet te lezen: plak in plaats daarvan de tekst van de onbestelbaarheidsmelding.',
  ),
  'explain.bounce': t(
    'Bounce "{subject}" from {from}: {recipients} recipient(s); parts read {read} of {parts}',
    'Onbestelbaarheidsmelding "{subject}" van {from}: {recipients} ontvanger(s); {read} van {parts} delen gelezen',
  ),
  'explain.bounce.recipient': t('{recipient}: {action} {status} via {remoteMta}', '{recipient}: {action} {status} via {remoteMta}'),
  'explain.bounce.action.failed': t('failed', 'mislukt'),
  'explain.bounce.action.delayed': t('delayed', 'uitgesteld'),
  'explain.bounce.action.delivered': t('delivered', 'bezorgd'),
  'explain.bounce.action.relayed': t('relayed', 'doorgestuurd'),
  'explain.bounce.action.expanded': t('expanded', 'uitgebreid'),
  'explain.bounce.skipped': t('not matched: {parts}', 'niet doorzocht: {parts}'),
  'explain.not-tls': t(
    'Not a TLS problem: this is {kind} ("{evidence}"); mailtls has no TLS entry for it.',
    'Geen TLS-probleem: dit is {kind} ("{evidence}"); mailtls heeft er geen TLS-vermelding voor.',
  ),
  'explain.kind.auth': t(
    'an SMTP authentication error (user name, password, or SMTP AUTH switched off for the mailbox or tenant)',
    'een SMTP-verificatiefout (gebruikersnaam, wachtwoord, of SMTP AUTH uitgeschakeld voor het postvak of de tenant)',
  ),
  'explain.kind.relay': t(
    'a relay refusal (the server does not accept mail for that domain from this sender)',
    'een relayweigering (de server accepteert van deze afzender geen e-mail voor dat domein)',
  ),
  'explain.kind.mailbox-full': t('a full mailbox at the recipient', 'een vol postvak bij de ontvanger'),
  'explain.kind.sending-limit': t('a sending limit (too many messages or recipients)', 'een verzendlimiet (te veel berichten of ontvangers)'),
  'explain.kind.queue-expired': t(
    'a queue expiry: the message expired before it could be delivered, and this text does not say why — if the earlier retries show a TLS error, explain that text',
    'een verlopen bericht in de wachtrij: het bericht verliep voordat het kon worden bezorgd, en deze tekst zegt niet waarom — als de eerdere pogingen een TLS-fout tonen, laat dan die tekst uitleggen',
  ),
  'explain.kind.recipient': t('an unknown or unavailable recipient address', 'een onbekend of niet-beschikbaar ontvangersadres'),
  'explain.kind.dns': t(
    'a DNS or routing error (the destination domain or its MX could not be resolved)',
    'een DNS- of routeringsfout (het doeldomein of de MX kon niet worden opgezocht)',
  ),
  'explain.kind.connection': t(
    'a connection error (no TCP connection to the server; nothing about TLS yet)',
    'een verbindingsfout (geen TCP-verbinding met de server; nog niets met TLS)',
  ),
  'explain.kind.reputation': t(
    'a block for reputation or spam (IP or sender blocked)',
    'een blokkade wegens reputatie of spam (IP-adres of afzender geblokkeerd)',
  ),
  'explain.kind.sender-auth': t('a sender authentication failure (SPF, DKIM or DMARC)', 'een fout in afzenderverificatie (SPF, DKIM of DMARC)'),
  'explain.kind.size': t('a message size limit', 'een limiet voor de berichtgrootte'),
  'explain.kind.loop': t('a mail loop', 'een e-maillus'),
  'explain.kind.permission': t(
    'a delivery restriction (the sender may not send to this recipient or group)',
    'een bezorgbeperking (de afzender mag niet naar deze ontvanger of groep verzenden)',
  ),
  'explain.suggestions': t('Closest entries:', 'Meest verwante vermeldingen:'),
  'explain.try': t('Explain one of them with: mailtls explain <id>', 'Uitleg over een ervan: mailtls explain <id>'),
  'explain.no-cause': t('The catalogue has no further explanation for this entry.', 'De catalogus heeft geen verdere uitleg bij deze vermelding.'),
  'explain.finding': t('catalogue entry {id}', 'catalogusvermelding {id}'),
  ...Object.fromEntries(Object.entries(checks).map(([id, text]) => [`explain.check.${id}`, text])),
};
