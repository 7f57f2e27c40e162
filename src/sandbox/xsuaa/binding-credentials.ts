import type { SandboxCore } from '../core.ts';
import { parseCertificateDer } from '../tls/parsed-certificate.ts';
import type { StoredCredentialFields } from '../service-manager/model.ts';
import { BindingParameterError, type CredentialRequest } from './binding-parameters.ts';
import { newSecretCredential, type XsuaaClient, type XsuaaCredential } from './clients.ts';
import { generateX509Credential } from './generated-credential.ts';

export interface PreparedCredential {
  fields: StoredCredentialFields;
  /** Added to the client when the binding becomes ready. */
  credential: XsuaaCredential;
}

/**
 * Prepares what XSUAA stores for a new binding: a secret, a registered self-managed
 * certificate, or a generated certificate and key. Enforces that a certificate is used once
 * per instance: by hash with pinning true, by subject and issuer DN with pinning false.
 * `pending` contains credentials of bindings still being created, which count as used.
 */
export async function prepareCredential(
  core: SandboxCore,
  client: XsuaaClient,
  bindingId: string,
  request: CredentialRequest,
  pending: XsuaaCredential[] = [],
): Promise<PreparedCredential> {
  if (request.type === 'binding-secret') {
    const { secret, credential } = newSecretCredential(bindingId);
    return { fields: { clientid: client.clientId, clientsecret: secret, 'credential-type': 'binding-secret' }, credential };
  }

  if (request.type === 'x509-generated') {
    const generated = await generateX509Credential({
      issuer: core.authorities.sapPkiClientCa,
      root: core.authorities.sapCloudRoot,
      subaccountId: core.identity.subaccountId,
      keyLength: request.keyLength,
      validityDays: request.validityDays,
      now: core.clock.now(),
    });
    const leaf = parseCertificateDer(new Uint8Array(generated.leaf.certificate.rawData));
    return {
      fields: { clientid: client.clientId, certificate: generated.certificatePem, key: generated.keyPem, 'credential-type': 'x509' },
      credential: {
        type: 'x509',
        bindingId,
        source: 'generated',
        pinning: true,
        certificateSha256: leaf.sha256,
        subject: leaf.subject,
        issuer: leaf.issuer,
        subjectDer: leaf.subjectDer,
        issuerDer: leaf.issuerDer,
        storedNotBefore: leaf.notBefore.toISOString(),
      },
    };
  }

  const leaf = request.chain[0]!;
  for (const existing of [...client.credentials, ...pending]) {
    if (existing.type !== 'x509' || existing.source !== 'self-managed' || existing.pinning !== request.pinning) continue;
    if (request.pinning && existing.certificateSha256 === leaf.sha256) {
      throw new BindingParameterError(
        `the certificate (SHA-256 ${leaf.sha256}) is already used by binding ${existing.bindingId} of this service instance; a certificate can be bound once per instance`,
      );
    }
    if (!request.pinning && existing.subjectDer === leaf.subjectDer && existing.issuerDer === leaf.issuerDer) {
      throw new BindingParameterError(
        `a certificate with subject "${leaf.subject}" and issuer "${leaf.issuer}" is already used by binding ${existing.bindingId} of this service instance with certificate-pinning false`,
      );
    }
  }

  const fields: StoredCredentialFields = { clientid: client.clientId, 'credential-type': 'x509' };
  if (!request.hideCertificate) fields.certificate = request.certificatePem;
  return {
    fields,
    credential: {
      type: 'x509',
      bindingId,
      source: 'self-managed',
      pinning: request.pinning,
      certificateSha256: leaf.sha256,
      subject: leaf.subject,
      issuer: leaf.issuer,
      subjectDer: leaf.subjectDer,
      issuerDer: leaf.issuerDer,
      storedNotBefore: leaf.notBefore.toISOString(),
    },
  };
}
