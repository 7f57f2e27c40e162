import type { KeyObject } from 'node:crypto';

import {
  createDestinationClient,
  DestinationError,
  identityFromDestinationCertificate,
  type DestinationCertificate,
  type DestinationCertificateClient,
} from '../btp/destination/index.ts';
import { AicoreMtlsError } from '../errors.ts';
import { readMaterial, type Certificate } from '../material/index.ts';
import { buildChain } from '../x509/chain.ts';
import type { SetupContext } from './context.ts';
import { certificateBaseName } from './options.ts';

/** The client certificate as downloaded from the Destination service. */
export interface ObtainedCertificate {
  /** The file bytes of `Content`: for a `.pem` the (encrypted) key and the chain. */
  content: Buffer;
  /** Leaf first, then intermediates and root, as found in the content. */
  certificates: Certificate[];
  /** The private key, absent for a CSR whose key stays with its owner. */
  privateKey?: KeyObject;
  /** PEM of the chain, leaf first; what the client presents in the TLS handshake. */
  chainPem: string;
  warnings: string[];
}

/**
 * Step 1: gets the client certificate into the Destination service (generated, signed from a
 * CSR, or already there) and downloads it with its private key.
 *
 * The certificate is recorded in the state file as soon as the service accepted it, so a
 * re-run downloads the same certificate instead of generating a second one.
 */
export async function obtainCertificate(context: SetupContext): Promise<ObtainedCertificate> {
  const { options, state } = context;
  const name = options.certificateName;
  const password = await options.passwords({ subject: `the client certificate "${name}"` });

  const client = createDestinationClient({
    credentials: options.destination,
    http: options.http,
    level: options.level,
    cache: context.tokenCache,
  });
  try {
    if (options.mode === 'existing') {
      context.emit('certificate', 'reused', `using the existing certificate "${name}" from the Destination service`);
    } else if (state.certificate?.createdBySetup) {
      context.emit('certificate', 'reused', `certificate "${name}" was created by an earlier run; downloading it again`);
    } else {
      await createCertificate(context, client, password);
    }

    const downloaded = await client.read(name);
    if (!downloaded) {
      throw new AicoreMtlsError('ERR_SETUP_CERTIFICATE_MISSING', `the Destination service returned no content for "${name}"`);
    }
    return options.mode === 'csr' ? await readSignedCsr(context, downloaded) : await readWithKey(context, downloaded);
  } catch (error) {
    throw explainMissing(error, name, options.mode);
  } finally {
    await client.close();
  }
}

async function createCertificate(context: SetupContext, client: DestinationCertificateClient, password: string | undefined): Promise<void> {
  const { options, state } = context;
  const name = options.certificateName;
  const request =
    options.mode === 'csr'
      ? { name, csrPem: options.csrPem, validity: options.validity, automaticRenew: options.autoRenew }
      : {
          name,
          commonName: options.commonName ?? certificateBaseName(name),
          validity: options.validity,
          automaticRenew: options.autoRenew,
          password,
        };

  try {
    await client.generate(request);
    context.emit('certificate', 'done', `generated certificate "${name}" in the Destination service`);
  } catch (error) {
    if (!(error instanceof DestinationError) || error.code !== 'ERR_DESTINATION_CERTIFICATE_EXISTS') throw error;

    // The name is taken. After an interrupted run of this setup (state file present, no
    // certificate recorded) the certificate is most likely the one that run generated.
    if (!context.resumed) {
      throw new AicoreMtlsError('ERR_SETUP_CERTIFICATE_EXISTS', `a certificate named "${name}" already exists in the Destination service`, {
        fix: 'Use it with --existing (and its password), or choose another name with --cert-name.',
        details: { name },
        cause: error,
      });
    }
    context.emit('certificate', 'warning', `certificate "${name}" already exists; assuming the interrupted earlier run generated it`);
  }

  state.certificate = { name, createdBySetup: true, sha256: '', subject: '', issuer: '', serialNumber: '', notBefore: '', notAfter: '' };
  await context.save();
}

async function readWithKey(context: SetupContext, downloaded: DestinationCertificate): Promise<ObtainedCertificate> {
  const identity = await identityFromDestinationCertificate(downloaded, { passwords: context.options.passwords });
  const material = await readMaterial({ bytes: Buffer.from(identity.chainPem), origin: `Destination certificate "${downloaded.name}"` });
  return {
    content: downloaded.content,
    certificates: material.certificates,
    privateKey: identity.identity.privateKey as KeyObject,
    chainPem: identity.chainPem,
    warnings: identity.warnings,
  };
}

async function readSignedCsr(context: SetupContext, downloaded: DestinationCertificate): Promise<ObtainedCertificate> {
  const origin = `Destination certificate "${downloaded.name}"`;
  const material = await readMaterial({ bytes: downloaded.content, origin });
  if (material.certificates.length === 0) {
    throw new AicoreMtlsError('ERR_SETUP_CERTIFICATE_MISSING', `${origin} contains no certificate`);
  }
  const privateKey = context.options.csrPrivateKey;
  const chain = buildChain(material.certificates, { privateKey });
  if (privateKey && !chain.leaf?.x509.checkPrivateKey(privateKey)) {
    throw new AicoreMtlsError('ERR_SETUP_KEY_MISMATCH', `the key given with --key does not belong to the certificate signed from the CSR in ${origin}`, {
      fix: 'Give the private key that was created together with the CSR (aicore-mtls cert csr --out-key).',
    });
  }
  const ordered = chain.path.length > 0 ? chain.path : material.certificates;
  return {
    content: downloaded.content,
    certificates: ordered,
    privateKey,
    chainPem: ordered.map((certificate) => certificate.pem.trim()).join('\n') + '\n',
    warnings: [...material.warnings, ...material.repairs.map((repair) => repair.message)],
  };
}

function explainMissing(error: unknown, name: string, mode: string): unknown {
  if (error instanceof DestinationError && error.code === 'ERR_DESTINATION_CERTIFICATE_NOT_FOUND' && mode === 'existing') {
    return new AicoreMtlsError('ERR_SETUP_CERTIFICATE_MISSING', `--existing was given, but the Destination service has no certificate "${name}"`, {
      fix: 'Check the name in the BTP cockpit (Connectivity → Destination Certificates), or drop --existing to generate one.',
      details: { name },
      cause: error,
    });
  }
  return error;
}
