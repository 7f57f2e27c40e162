/**
 * Diagnoses that only `doctor` finds: offline checks of the service key, the client identity,
 * the binding parameters and PKCS#12 files, and the online checks of server roots and clocks.
 * Importing this module registers them in the shared catalogue; every doctor check imports
 * `diagnose` from here so that the codes exist before the first use.
 */
import { defineDiagnoses } from './diagnoses.ts';

export { diagnose, diagnosisDefinition, type Diagnosis, type DiagnosisDefinition, type DiagnosisSeverity } from './diagnoses.ts';

const convertToStrust = 'aicore-mtls cert convert FILE --to p12 --profile strust --out islm-strust.p12';
const reimport = 'in STRUST re-import the key pair into the identity PSE (PSE → Import, then Save As "SSL Client" with the same identity) and notify ICM (ICM_SSL_PSE_CHANGED, or restart ICM in SMICM)';

defineDiagnoses([
  {
    code: 'SERVICE_KEY_INVALID',
    severity: 'error',
    title: 'the service key cannot be read',
    meaning: 'Without a readable service key the values of OA2C_CONFIG and SM59 (clientid, certurl, AI_API_URL) cannot be checked, and no online check runs.',
    fix: 'Copy the service key of the SAP AI Core binding again (BTP cockpit → the instance → Service Keys → View, "cf service-key" or "btp get services/binding"); the evidence names the position or field that failed.',
  },
  {
    code: 'CREDENTIALS_SECRET_ONLY',
    severity: 'error',
    title: 'the service key authenticates with a client secret, not with a certificate',
    meaning: 'ISLM over mTLS needs an x509 binding: with Client Authentication "Client Certificate" OA2C_CONFIG sends no secret, and XSUAA accepts certificates only for clients whose credential-type is x509.',
    fix: 'Create an x509 binding of the SAP AI Core instance ({"xsuaa":{"credential-type":"x509","x509":{…}}}; "aicore-mtls setup" does it) and use its service key. In OA2C_CONFIG enter its clientid and leave Client Secret empty.',
  },
  {
    code: 'CREDENTIALS_X509_ATTESTED',
    severity: 'error',
    title: 'the service key uses credential-type x509_attested',
    meaning: 'x509_attested authenticates with a workload identity that the SAP BTP runtime attests. S/4HANA cannot present such an identity, so OA2C_CONFIG cannot use this key.',
    fix: 'Create a binding with credential-type "x509" and a certificate (the STRUST identity\'s own certificate, or one from the Destination service) and use its service key.',
  },
  {
    code: 'CERTURL_MISSING',
    severity: 'error',
    title: 'the x509 service key has no certurl',
    meaning: 'certurl is the XSUAA host that accepts client certificates. Without it OA2C_CONFIG has no value for the mTLS Token Endpoint Alias.',
    fix: 'Use the complete x509 service key. certurl is usually url with "authentication." replaced by "authentication.cert."; in OA2C_CONFIG set mTLS Token Endpoint Alias to that host without https:// plus /oauth/token.',
  },
  {
    code: 'SERVICE_KEY_NOT_AICORE',
    severity: 'error',
    title: 'the service key has no serviceurls.AI_API_URL',
    meaning: 'This is not the key of an SAP AI Core binding, so SM59 has no host and the AI API cannot be checked.',
    fix: 'Use a service key of the SAP AI Core instance. SM59 → Technical Settings → Host is serviceurls.AI_API_URL without https://.',
  },
  {
    code: 'INPUT_UNREADABLE',
    severity: 'error',
    title: 'an input file cannot be read',
    meaning: 'The checks that need this file did not run.',
    fix: 'Follow the fix in the evidence (password source, file format); "aicore-mtls cert inspect FILE" shows what a certificate file contains.',
  },
  {
    code: 'CERTIFICATE_EXPIRES_SOON',
    severity: 'warning',
    title: 'the client certificate expires soon',
    meaning: 'S/4HANA keeps presenting its imported copy until someone re-imports a renewed one; after notAfter XSUAA rejects it and ISLM stops working.',
    fix: `Download the renewed certificate (the Destination service renews generated ones before expiry) or issue a new one, and ${reimport} before notAfter. In S/4HANA, report SSF_ALERTCERTEXPIRE warns about expiring PSE certificates.`,
  },
  {
    code: 'CERTIFICATE_WEAK',
    severity: 'error',
    title: 'the client certificate uses a weak key or signature',
    meaning: 'OpenSSL 3 and current TLS stacks reject RSA keys under 2048 bits and SHA-1 or MD5 signatures, so XSUAA or STRUST may reject the certificate.',
    fix: 'Issue a new certificate with an RSA key of 2048 to 4096 bits and a SHA-256 signature ("aicore-mtls setup" generates one), import it in STRUST and bind it again.',
  },
  {
    code: 'CERTIFICATE_NOT_FOR_CLIENT_AUTH',
    severity: 'warning',
    title: 'the certificate is not issued for TLS client authentication',
    meaning: 'Its key usage or extended key usage does not allow TLS client authentication, or it is a CA certificate, so TLS servers may reject it as a client certificate.',
    fix: 'Use a certificate issued for client authentication (extended key usage clientAuth, key usage digitalSignature), such as one from the SAP BTP Destination service.',
  },
  {
    code: 'CHAIN_INCOMPLETE',
    severity: 'error',
    title: 'the CA certificate that issued the client certificate is missing',
    meaning: 'XSUAA builds the chain from the certificates the client sends plus its own trusted roots. Without the issuing intermediate it cannot link the client certificate to a root and rejects it; STRUST also expects the chain in the import file.',
    fix: 'Add the issuing CA certificate named in the evidence after the client certificate in the file, then import the key pair with the complete chain in STRUST (PSE → Import) so that the identity PSE sends it.',
  },
  {
    code: 'CHAIN_ROOT_NOT_INCLUDED',
    severity: 'warning',
    title: 'the root certificate of the client chain is not in the file',
    meaning: 'The TLS handshake works without it, because the server holds its roots, but STRUST and "sapgenpse import_p12" expect the chain up to the root in the import file.',
    fix: 'Append the root certificate named in the evidence to the import file ("aicore-mtls cert convert" writes complete bundles).',
  },
  {
    code: 'CHAIN_INVALID',
    severity: 'error',
    title: 'a certificate in the client chain cannot act as an issuer',
    meaning: 'A certificate above the client certificate is not marked as a CA, so TLS peers reject the chain.',
    fix: 'Use the CA certificates that really issued the client certificate; export the chain again from its source.',
  },
  {
    code: 'CLIENT_CA_NOT_TRUSTED',
    severity: 'warning',
    title: 'the client certificate does not chain to a CA that XSUAA trusts for self-managed certificates',
    meaning:
      'XSUAA accepts a self-managed client certificate only under the CAs it trusts: DigiCert Global Root G2, SAP Global Root CA, DigiCert Global Root CA, DigiCert SHA2 Secure Server CA and Entrust Root Certification Authority - G2 as documented, and SAP Cloud Root CA (the root of Destination-service certificates) in practice. Service Manager rejects a binding under another CA, and the token request fails.',
    fix: 'Use a certificate from the SAP BTP Destination service (as SAP\'s ISLM mTLS tutorial does) or from one of the documented CAs, import it in STRUST and create the binding with it.',
  },
  {
    code: 'CERTIFICATE_DIFFERS_FROM_BINDING',
    severity: 'error',
    title: 'the client certificate is not the one the binding accepts',
    meaning:
      'XSUAA compares the certificate presented with the one in the binding. With certificate-pinning true only that exact certificate passes; with false the subject and issuer DN must match and notBefore must not be older than the newest certificate already used. The evidence names the rule that fails.',
    fix: 'Import the certificate the binding holds into the STRUST identity PSE, or create a new binding for the certificate S/4HANA presents ("aicore-mtls setup --existing" or "btp create services/binding") and enter its clientid in OA2C_CONFIG → OAuth 2.0 Client ID.',
  },
  {
    code: 'RENEWED_CERTIFICATE_IN_USE',
    severity: 'warning',
    title: 'the client certificate is a renewal of the bound certificate',
    meaning:
      'With certificate-pinning false XSUAA accepts a renewed certificate with the same subject and issuer DN and from then on rejects older ones. If S/4HANA still presents the older certificate, its token requests fail from the first use of the renewed one, including a test from this workstation.',
    fix: `Right after the first use of the renewed certificate, ${reimport}. Test the renewed certificate from a workstation only when S/4HANA has it (doctor --test-renewed).`,
  },
  {
    code: 'BINDING_PARAMETERS_WRONG_LEVEL',
    severity: 'error',
    title: 'the x509 binding parameters are at the wrong level',
    meaning: 'SAP AI Core reads x509 parameters only under "xsuaa". At the top level they are ignored without an error, and the binding gets a client secret instead of a certificate.',
    fix: 'Wrap the parameters as {"xsuaa":{"credential-type":"x509","x509":{"certificate":"…","certificate-pinning":false}}} ("aicore-mtls binding params CERT --out parameters.json" writes the file), delete the secret binding and bind again.',
  },
  {
    code: 'BINDING_PARAMETERS_INVALID',
    severity: 'error',
    title: 'the binding parameters are not valid x509 parameters',
    meaning: 'Service Manager rejects the binding, or creates a client-secret binding, when the parameters are not JSON or lack the x509 fields.',
    fix: 'Fix the fields named in the evidence, or rebuild the file with "aicore-mtls binding params CERT --out parameters.json".',
  },
  {
    code: 'BINDING_PARAMETERS_BOM',
    severity: 'error',
    title: 'the binding parameters file starts with a byte order mark or is UTF-16',
    meaning: 'The btp and cf CLIs parse JSON with Go\'s encoding/json, which rejects a leading byte order mark ("invalid character \'ï\'") and UTF-16 text.',
    fix: 'Save the file as UTF-8 without BOM. Windows PowerShell 5.1 adds a BOM with "-Encoding UTF8" and writes UTF-16 with ">"; "aicore-mtls binding params --out FILE" writes plain UTF-8.',
  },
  {
    code: 'BINDING_PARAMETERS_CRLF',
    severity: 'warning',
    title: 'the binding parameters contain CRLF line endings',
    meaning: 'JSON ignores CRLF between values, but a carriage return inside the certificate string becomes part of the PEM that XSUAA receives. SAP does not document whether XSUAA accepts it, and tools that write the file may add CRs elsewhere too.',
    fix: 'Rebuild the parameters with "aicore-mtls binding params CERT --out parameters.json", which writes LF only and escapes the PEM once.',
  },
  {
    code: 'BINDING_CERTIFICATE_DOUBLE_ESCAPED',
    severity: 'error',
    title: 'the certificate in the binding parameters is escaped twice',
    meaning: 'After JSON decoding the certificate string still contains the two characters \\ and n instead of line breaks. That is not a valid PEM, so XSUAA cannot read the certificate when the binding is created.',
    fix: 'Escape the PEM exactly once ("aicore-mtls binding params CERT" does it), or replace every \\\\n with \\n in the file.',
  },
  {
    code: 'PKCS12_CIPHER_MODERN',
    severity: 'warning',
    title: 'the PKCS#12 file uses PBES2 with AES (the OpenSSL 3 default)',
    meaning:
      'Older CommonCryptoLib and sapgenpse builds reportedly cannot read PBES2/AES, and STRUST then reports a wrong password or an unreadable file. SAP does not document the first release that reads it.',
    fix: `Convert the file to the 3DES profile and import that one in STRUST (PSE → Import): ${convertToStrust}.`,
  },
  {
    code: 'PKCS12_CIPHER_WEAK',
    severity: 'warning',
    title: 'the PKCS#12 file uses weak legacy encryption (RC2-40)',
    meaning: 'A 40-bit RC2 key protects the certificates, and Node 17+ and OpenSSL 3 without the legacy provider reject the file.',
    fix: `Convert the file to the 3DES profile for STRUST: ${convertToStrust}.`,
  },
  {
    code: 'ROOT_MISSING_CERTURL',
    severity: 'error',
    title: 'the root of the certurl server chain is not trusted',
    meaning:
      'The token request verifies the certurl host against the certificate list of the PSE that OA2C_CONFIG selects as SSL Client PSE (the identity PSE). Without that root S/4HANA fails with SSSLERR_PEER_CERT_UNTRUSTED.',
    fix: 'In STRUST open the SSL client identity that OA2C_CONFIG selects (for example ISLM) → Import certificate → Add to Certificate List → Save, with the root named in the evidence (DigiCert Global Root G2 on SAP BTP); then notify ICM (ICM_SSL_PSE_CHANGED, or restart ICM in SMICM).',
  },
  {
    code: 'ROOT_MISSING_AI_API',
    severity: 'error',
    title: 'the root of the AI_API_URL server chain is not trusted',
    meaning: 'The AI API calls verify the AI_API_URL host against the certificate list of the PSE set in SM59 (DFAULT, "SSL Client (Standard)"). Without that root S/4HANA fails with SSSLERR_PEER_CERT_UNTRUSTED.',
    fix: 'In STRUST open "SSL Client SSL Client (Standard)" (DFAULT, the PSE of SM59 → Logon & Security → SSL Client PSE) → Import certificate → Add to Certificate List → Save, with the root named in the evidence; then notify ICM (ICM_SSL_PSE_CHANGED, or restart ICM in SMICM).',
  },
  {
    code: 'CLOCK_SKEW',
    severity: 'warning',
    title: 'the workstation clock differs from the server clock',
    meaning:
      'Certificate validity (notBefore, notAfter) and token times (iat, exp) are judged against clocks. A clock minutes off makes a fresh certificate look not yet valid or a token look expired, so checks here disagree with what XSUAA and SAP AI Core decide.',
    fix: 'Synchronise the workstation clock with NTP (Windows: w32tm /resync; Linux: timedatectl or chronyc). Check the OS time of the S/4HANA application servers the same way.',
  },
  {
    code: 'CERTURL_MISMATCH',
    severity: 'warning',
    title: 'certurl differs from the mTLS token endpoint XSUAA publishes',
    meaning: 'XSUAA publishes its mTLS token endpoint in its OpenID configuration (mtls_endpoint_aliases.token_endpoint). A certurl that differs leads OA2C_CONFIG to another host.',
    fix: 'Check the service key; in OA2C_CONFIG set mTLS Token Endpoint Alias to the published host without https:// plus /oauth/token.',
  },
]);
