import { Option, type Command } from '@commander-js/extra-typings';

import { caFileHelp, collectFiles } from '../connection-options.ts';
import { exitCodeHelp } from '../exit-codes.ts';
import { passwordEnvHelp, passwordFileHelp } from '../password-options.ts';
import { runAction } from '../run-action.ts';
import type { SetupCommandOptions } from './setup-action.ts';

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .summary('switch SAP AI Core access to mTLS: certificate, x509 binding, live check, S/4HANA files')
    .description(
      [
        'Automate every SAP BTP step of the ISLM mTLS setup and prove the connection before S/4HANA is touched:',
        '',
        '  1. get a client certificate from the Destination service: generate it (default), use an existing',
        '     one (--existing), or have a CSR signed (--csr FILE, the key stays with its owner); download it',
        '     with its private key',
        '  2. check it offline: chain, key pair, validity, key strength',
        '  3. create the SAP AI Core binding with credential-type x509 through Service Manager, and make',
        '     sure the returned credentials really are x509 (a secret binding is deleted again)',
        '  4. get a token from certurl over mTLS with the certificate and call SAP AI Core',
        '     (/v2/admin/resourceGroups, /v2/lm/scenarios)',
        '  5. write to --out: STRUST import files (PKCS#12 profile strust, password-protected PEM), root',
        '     certificates for the PSEs, binding parameters and credentials, an AICORE_SERVICE_KEY-ready key',
        '     with the private key (0600), a Python ai-core-sdk config, the S/4HANA sheet and setup.json',
        '',
        'Progress is saved in --out after every step. If a step fails, run the same command again: it',
        'continues there, downloads the certificate it created and reuses the binding, and says what it',
        'reused. The certificate password protects the generated key and the STRUST files; it comes from',
        '--password-file, --password-env or a prompt, never from the command line.',
      ].join('\n'),
    )
    .requiredOption('--destination-key <file>', 'service key of a Destination service instance (issues the certificate)')
    .requiredOption('--service-manager-key <file>', 'service key of Service Manager, plan subaccount-admin (creates the binding)')
    .requiredOption('--instance <name>', 'name of the SAP AI Core service instance')
    .requiredOption('--out <dir>', 'folder for the state file and every artefact')
    .option('--cert-name <name>', 'certificate name in the Destination service; .pem is added when no extension is given', 'aicore-mtls.pem')
    .option('--common-name <cn>', 'CN of a generated certificate (default: the certificate name without extension)')
    .option('--validity <length>', 'validity of a generated certificate: 1y, 6m, 90d', '1y')
    .option('--auto-renew', 'let SAP BTP renew the certificate before it expires (default)')
    .option('--no-auto-renew', 'do not renew automatically')
    .addOption(new Option('--pinning <boolean>', 'certificate-pinning of the binding; false keeps a renewed certificate with the same DNs working').choices(['false', 'true'] as const).default('false' as const))
    .option('--existing', 'use the certificate --cert-name that already exists in the Destination service')
    .option('--csr <file>', 'have this CSR (from "aicore-mtls cert csr") signed instead of generating a key')
    .option('--key <file>', 'with --csr: the CSR\'s private key, to run the live check and write the PKCS#12')
    .option('--binding-name <name>', 'name of the binding (default: <certificate name>-mtls)')
    .option('--resource-group <id>', 'SAP AI Core resource group for the check and the sheet', 'default')
    .addOption(new Option('--level <level>', 'Destination certificate store').choices(['subaccount', 'instance'] as const).default('subaccount' as const))
    .option('--password-file <file>', `${passwordFileHelp} (certificate password)`)
    .option('--password-env <name>', `${passwordEnvHelp} (certificate password)`)
    .option('--key-password-file <file>', 'with --csr --key: password of the key file')
    .option('--key-password-env <name>', 'with --csr --key: environment variable with the key file\'s password')
    .option('--ca-file <file>', caFileHelp, collectFiles, [] as string[])
    .option('--identity <name>', 'STRUST SSL client identity for the sheet (default ISLM)')
    .option('--oauth-config <name>', 'OA2C_CONFIG configuration name for the sheet (default ISLM_OAUTH_MTLS)')
    .option('--destination <name>', 'SM59 destination for the sheet (default ISLM_REUSE_CONNECTION)')
    .option('--landscape <name>', 'add or update this landscape (DEV, QAS, PRD, ...) in the inventory for "status" and "renew"')
    .option('--inventory <file>', 'inventory file for --landscape (default: $AICORE_MTLS_INVENTORY, else ./aicore-mtls.yaml)')
    .option('--state <file>', 'state database for --landscape (default: .aicore-mtls/state.db next to the inventory)')
    .option('--s4-system <sid>', 'with --landscape: SAP system id of the S/4HANA system (default: the landscape name)')
    .option('--no-probe', 'do not connect to the certurl and AI_API_URL hosts to read their root certificates')
    .option('--dry-run', 'print the plan and every HTTP request it would send (secrets redacted), send nothing')
    .option('--force', 'replace files in --out that this setup did not write')
    .option('--json', 'print the summary as one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls setup --destination-key dest-key.json --service-manager-key sm-key.json \\',
        '      --instance my-aicore --out islm-mtls --password-file cert.pass',
        '  $ aicore-mtls setup ... --cert-name islm-prd.pem --validity 2y --no-auto-renew --out prd',
        '  $ aicore-mtls setup ... --existing --cert-name islm.pem --password-env ISLM_CERT_PASSWORD --out islm',
        '  $ aicore-mtls cert csr --cn islm --out-key islm.key --out-csr islm.csr --password-file key.pass',
        '    aicore-mtls setup ... --csr islm.csr --key islm.key --key-password-file key.pass --out islm',
        '  $ aicore-mtls setup ... --landscape DEV --s4-system S4D --out dev-setup   # then: aicore-mtls status',
        '  $ aicore-mtls setup ... --dry-run',
        '  $ aicore-mtls setup ... --json > setup-summary.json',
      ].join('\n') +
        exitCodeHelp({ 130: 'interrupted (Ctrl-C); run the same command again to continue' }),
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { runSetupCommand } = await import('./setup-action.ts');
        return runSetupCommand(options as SetupCommandOptions, output);
      });
    });
}
