import { Option, type Command } from '@commander-js/extra-typings';

import { exitCodeHelp } from '../../exit-codes.ts';
import { passwordEnvHelp, passwordFileHelp, type PasswordOptions } from '../../password-options.ts';
import { runAction } from '../../run-action.ts';

// Kept in step with bindingServices in src/binding/services.ts, not imported so that --help stays fast.
const serviceChoices = ['aicore', 'destination', 'xsuaa'] as const;

export interface BindingParamsOptions extends PasswordOptions {
  service: (typeof serviceChoices)[number];
  pinning: 'false' | 'true';
  hideCertificate?: boolean;
  ensureUniqueness?: boolean;
  out: string;
  force?: boolean;
}

export function registerBindingParams(binding: Command): void {
  binding
    .command('params')
    .summary('write x509 binding parameters for a self-managed client certificate')
    .description(
      [
        'Write the parameters file for an x509 binding or service key with your own client certificate: the certificate chain as ONE JSON string with \\n escapes, under "xsuaa" for SAP AI Core and the Destination service, at the top level for a plain XSUAA instance.',
        'The file carries every certificate of the input in chain order: the client certificate first, then its intermediates, then the root when the input has it (SAP-generated chains carry leaf, intermediate and root; a missing root is not added). Byte-identical copies are dropped with a warning, and a certificate outside the chain is an error. A private key in the input is never written. Before it reports success, the command reads the file back, rebuilds the PEM and compares every DER byte with the input.',
        'The input may be PEM (also with CRLF, a BOM or UTF-16), DER, base64, PKCS#12, a Destination certificate object or a service key; - reads stdin.',
      ].join('\n\n'),
    )
    .argument('<cert-or-bundle>', 'certificate, chain or bundle file, or - for stdin')
    .addOption(
      new Option('--service <name>', 'service of the binding: aicore and destination put the block under "xsuaa", xsuaa at the top level')
        .choices(serviceChoices)
        .default('aicore' as const),
    )
    .addOption(
      new Option(
        '--pinning <value>',
        'certificate-pinning. false (as in SAP\'s ISLM mTLS tutorial): XSUAA matches subject and issuer DN, so a renewed certificate with the same DNs keeps working. true (XSUAA\'s own default when the field is absent): only this exact certificate works, and every new certificate needs a new binding',
      )
        .choices(['false', 'true'] as const)
        .default('false' as const),
    )
    .option('--hide-certificate', 'set hide-certificate: the binding or service key leaves the certificate out (SAP\'s ISLM tutorial sets it)')
    .option('--ensure-uniqueness', 'set ensure-uniqueness: the certificate must be unique across clone instances (XSUAA broker plan only)')
    .requiredOption('--out <file>', 'where to write the parameters JSON')
    .option('--force', 'replace an existing output file')
    .option('--password-file <file>', `${passwordFileHelp}; for PKCS#12 input or an encrypted key in the input`)
    .option('--password-env <name>', passwordEnvHelp)
    .option('--json', 'print the result as one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls binding params islm-client.pem --out aicore-binding.json',
        '  $ aicore-mtls binding params DEV.cer --hide-certificate --out aicore-binding.json --force',
        '  $ aicore-mtls binding params client.p12 --password-env P12_PASSWORD --service destination --out dest-binding.json',
        '  $ aicore-mtls binding params chain.pem --service xsuaa --pinning true --out xsuaa-binding.json',
        '',
        'Then create the binding from the file; the same lines work in bash, cmd and PowerShell:',
        '  $ btp create services/binding --subaccount <SA_ID> --binding <NAME> --instance-name <INSTANCE> --parameters aicore-binding.json',
        '  $ cf create-service-key <INSTANCE> <KEY> -c aicore-binding.json',
        'Inline JSON breaks under cmd and PowerShell quoting, so always pass the file path. Quote a path with',
        "spaces: bash 'my dir/b.json', cmd \"my dir\\b.json\", PowerShell 'C:\\my dir\\b.json'.",
      ].join('\n') + exitCodeHelp(),
    )
    .action(async (input, options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { runBindingParams } = await import('./params-action.ts');
        return runBindingParams(input, options as BindingParamsOptions, output);
      });
    });
}
