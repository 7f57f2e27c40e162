import type { Command } from '@commander-js/extra-typings';

import { registerCertConvert } from './convert.ts';
import { registerCertCsr } from './csr.ts';
import { registerCertInspect } from './inspect.ts';
import { registerCertMatch } from './match.ts';

/** Adds `cert` and its subcommands: read, check and convert certificates and keys. */
export function registerCert(program: Command): void {
  const cert = program
    .command('cert')
    .summary('inspect, check and convert certificates and private keys')
    .description(
      'Read certificates and private keys in any form (PEM, DER, base64, PKCS#12, Destination service certificate objects, service keys), check them, and convert them for STRUST and other consumers.',
    );
  registerCertInspect(cert);
  registerCertMatch(cert);
  registerCertConvert(cert);
  registerCertCsr(cert);
}
