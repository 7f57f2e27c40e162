import { describeValidity } from '../setup/validity.ts';
import { plain, rich, type RichText } from './rich-text.ts';
import { field, formatUtc, stepRef, type SheetContext } from './sheet-context.ts';
import type { SheetField, SheetStep, TroubleshootingRow } from './sheet-model.ts';

type StepDraft = Omit<SheetStep, 'number'>;

export function renewalStep(context: SheetContext): StepDraft {
  const plan = context.renewal;
  const certificate = context.clientCertificate;
  const instructions: RichText[] = [];
  const fields: SheetField[] = [];

  if (plan && certificate) {
    const source = [plain(certificate.source)];
    const validitySource = plan.validitySource === 'requested' ? 'requested at generation' : 'from the certificate dates';
    fields.push(
      field('renewal.notAfter', 'Client certificate valid to', formatUtc(plan.notAfter), source),
      field('renewal.validity', 'Validity', describeValidity(plan.validity), rich`${plain(validitySource)}; row ${plain(plan.lead.row)} of SAP's renewal table`, { copy: false }),
      field('renewal.autoRenew', 'Automatic renewal', { on: 'on', off: 'off', unknown: 'unknown' }[plan.autoRenew], rich`setting of the Destination certificate`, {
        copy: false,
      }),
    );
    if (plan.autoRenew === 'off') {
      fields.push(field('renewal.btpRenewal', 'SAP BTP renews on', '', rich`automatic renewal is off`, { placeholder: 'never: automatic renewal is off', copy: false }));
    } else {
      const label = plan.autoRenew === 'on' ? 'SAP BTP renews on' : 'SAP BTP renews on (if automatic renewal is on)';
      fields.push(field('renewal.btpRenewal', label, formatUtc(plan.renewalAttemptAt), rich`valid to minus ${plain(plan.lead.label)} (SAP's renewal table)`));
    }
    fields.push(field('renewal.reimportBy', 'Re-import in S/4HANA by', formatUtc(plan.reimportBy), [plain(plan.reimportRule)]));
    instructions.push(rich`Put the re-import date in the team calendar. The reports ${'SSF_ALERTCERTEXPIRE'} and ${'SSFALRTEXP'} (SAP Note 572035) also warn about PSE certificates near expiry.`);
  } else {
    instructions.push(
      rich`This sheet was made without the client certificate, so it shows no dates. Take Valid to from STRUST after ${stepRef('import')} and plan the re-import with SAP's renewal table: 30 days before expiry for 6 months and longer, 7 days for 2 to 5 months, 3 days for 1 month.`,
    );
  }

  if (plan?.autoRenew === 'off') {
    instructions.push(
      rich`Automatic renewal is off, so SAP BTP will not renew this certificate. Create a new one in the Destination service before the date above and import it as in ${stepRef('import')}; if its subject or issuer differs, the SAP AI Core binding must be created again.`,
    );
  } else {
    instructions.push(
      rich`S/4HANA does not follow the renewal. When it is due, fetch the renewed certificate with its key from the Destination service, then repeat ${stepRef('import')} (PSE → Import, Save As the same identity ${context.identity}) and ${stepRef('icm')}. OA2C_CONFIG and SM59 stay unchanged.`,
    );
  }
  instructions.push(
    rich`Do not test the renewed certificate from another machine before S/4HANA holds it: once XSUAA has accepted the newer certificate, it may reject the older one that S/4HANA still presents.`,
  );

  return {
    id: 'renewal',
    transaction: 'Calendar',
    title: 'Plan the certificate renewal',
    instructions,
    groups: fields.length > 0 ? [{ fields }] : [],
    notes: [],
    attachments: [],
  };
}

export function troubleshootingRows(context: SheetContext): TroubleshootingRow[] {
  const identityHost = context.certurl.host;
  const apiHost = context.aiApiUrl.host;
  return [
    {
      symptom: rich`OA2C_CONFIG shows Forbidden`,
      cause: rich`The SICF service ${'oa2c_config'} is inactive.`,
      fix: rich`Activate it in SICF.`,
    },
    {
      symptom: rich`${'SSSLERR_PEER_CERT_UNTRUSTED'} in ${'dev_icm'}, or ${'ICM_HTTP_SSL_PEER_CERT_UNTRUSTED'}`,
      cause: rich`The root is missing from the PSE used for that call: ${context.identity} for ${identityHost}, ${'DFAULT'} for ${apiHost}. A TLS-intercepting proxy has the same effect.`,
      fix: rich`Add the root (${stepRef('identityRoot')} or ${stepRef('dfaultRoot')}), save, and reload ICM (${stepRef('icm')}).`,
    },
    {
      symptom: rich`${'SSSLERR_SERVER_CERT_MISMATCH'}, or ${'ICM_HTTP_SSL_CERT_MISMATCH'}`,
      cause: rich`Wrong host: ${'https://'} left in the SM59 Host or an OA2C_CONFIG endpoint, a typo, DNS pointing elsewhere, or SNI not sent.`,
      fix: rich`Enter hosts without protocol. Enable SNI with ${'icm/HTTPS/client_sni_enabled = TRUE'} and ${'ssl/client_sni_enabled = TRUE'} (SAP Note 2124480).`,
    },
    {
      symptom: rich`${'SSSLERR_SSL_READ'} or ${'SSSLRC_CONN_CLOSED'} during the handshake`,
      cause: rich`Cipher suites or TLS version do not match (old profile parameters or CommonCryptoLib); possibly the server ending the handshake over the client certificate.`,
      fix: rich`Set ${'ssl/client_ciphersuites'} as SAP Note 510007 describes and update CommonCryptoLib.`,
    },
    {
      symptom: rich`Token request: HTTP 401 ${'Unsupported instance credential'}`,
      cause: rich`The x509 client went to the non-certificate ${'url'}: Client Authentication is not ${'Client Certificate'}, or the mTLS Token Endpoint Alias is empty.`,
      fix: rich`Correct both in OA2C_CONFIG (${stepRef('oauthClient')}).`,
    },
    {
      symptom: rich`TLS alert ${'certificate_required'} from ${identityHost}`,
      cause: rich`No client certificate was presented: the identity has no own certificate, Save As was skipped, or OA2C_CONFIG selects another PSE.`,
      fix: rich`Check that ${`SSL client ${context.identity}`} shows the own certificate and OA2C_CONFIG selects ${context.identity}.`,
    },
    {
      symptom: rich`Token request: HTTP 401 although a certificate is presented`,
      cause: rich`The certificate is not the one bound to the service key, the binding was deleted, or the client ID belongs to another binding.`,
      fix: rich`Compare the own certificate with ${stepRef('import')}; use ${'clientid'} of the x509 binding.`,
    },
    {
      symptom: rich`STRUST import fails: wrong password or unreadable file`,
      cause: rich`Wrong password; a PKCS#12 file with AES encryption on an older CommonCryptoLib; an ECDSA key on an older CommonCryptoLib.`,
      fix: rich`Check the password source; import the PEM file, or a PKCS#12 file written with 3DES; use an RSA key.`,
    },
    {
      symptom: rich`Imported, but ICM still uses the old certificate`,
      cause: rich`ICM was not told about the PSE change.`,
      fix: rich`Reload ICM (${stepRef('icm')}).`,
    },
    {
      symptom: rich`TLS works, ISLM is still not ${'READY'}`,
      cause: rich`ISLM prerequisites or ${'S_OA2C_USE'} missing.`,
      fix: rich`Complete ${stepRef('prerequisites')}.`,
    },
    {
      symptom: rich`Works until about the expiry date, then HTTP 401 or handshake errors`,
      cause: rich`S/4HANA still presents the old certificate although SAP BTP renewed it.`,
      fix: rich`Re-import the renewed material (${stepRef('renewal')}).`,
    },
  ];
}
