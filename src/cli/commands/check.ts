import type { Command } from '@commander-js/extra-typings';

import { caFileHelp, collectFiles } from '../connection-options.ts';
import { exitCodeHelp } from '../exit-codes.ts';
import { passwordEnvHelp, passwordFileHelp } from '../password-options.ts';
import { runAction } from '../run-action.ts';
import type { CheckCommandOptions } from './check-action.ts';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .summary('run ISLM\'s "Check Connection" from this workstation: token over mTLS, then SAP AI Core')
    .description(
      [
        'Do what ISLM_REUSE_CFGV\'s Check Connection does, from the workstation: get a client-credentials token',
        'from XSUAA (certurl over mutual TLS for an x509 key, url for a secret key), then call SAP AI Core',
        '(/v2/admin/resourceGroups and /v2/lm/scenarios with AI-Resource-Group). Every hop is printed with its',
        'timing, and the client certificate presented with its subject, serial and notAfter.',
        '',
        'The certificate and key come from --cert/--key or --bundle (self-managed certificates, whose key is',
        'never in the binding), or from the key\'s own "certificate" and "key" fields (XSUAA-generated).',
        'Expiry and the key pair are checked before any request. A failure is named with the diagnosis code',
        'that "aicore-mtls doctor" uses, and has its own exit code.',
        '',
        'Without --service-key the credentials come from the environment, as SAP\'s SDKs read them: the',
        'AICORE_SERVICE_KEY variable (service key JSON), else the aicore entry of VCAP_SERVICES.',
        '',
        'Careful with renewed certificates and certificate-pinning false: the first token request with a',
        'renewed certificate makes XSUAA refuse the older one, which S/4HANA may still present.',
      ].join('\n'),
    )
    .option('--service-key <file>', 'SAP AI Core service key or binding (any shape); without it AICORE_SERVICE_KEY, then VCAP_SERVICES is read')
    .option('--cert <file>', 'client certificate (chain) to present, any format')
    .option('--key <file>', 'private key of --cert')
    .option('--bundle <file>', 'certificate and key in one file (PEM bundle or PKCS#12)')
    .option('--resource-group <id>', 'resource group for AI-Resource-Group (ISLM_REUSE_CFGV\'s Resource Group)', 'default')
    .option('--token-url <url>', 'token endpoint to test instead of the one the key selects, e.g. what OA2C_CONFIG calls')
    .option('--ca-file <file>', caFileHelp, collectFiles, [] as string[])
    .option('--password-file <file>', `${passwordFileHelp} (key or bundle password)`)
    .option('--password-env <name>', `${passwordEnvHelp} (key or bundle password)`)
    .option('--json', 'print the result as one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls check --service-key islm-mtls/aicore-service-key.json',
        '  $ aicore-mtls check --service-key aicore-binding.json --bundle strust/islm.p12 --password-file cert.pass',
        '  $ aicore-mtls check --service-key key.json --cert client.pem --key client.key --resource-group my-group',
        '  $ aicore-mtls check --service-key key.json --bundle islm.pem --password-env PW \\',
        '      --token-url https://my-sub.authentication.eu10.hana.ondemand.com/oauth/token   # reproduce a wrong OA2C endpoint',
        '  $ aicore-mtls check --service-key key.json --json | jq .diagnosis.code',
        '  $ AICORE_SERVICE_KEY="$(cat islm-mtls/aicore-service-key.json)" aicore-mtls check',
      ].join('\n') +
        exitCodeHelp({
          3: 'TOKEN_URL_NOT_CERTURL: the token was requested from url instead of certurl',
          4: 'CLIENT_CERTIFICATE_NOT_PRESENTED: no client certificate was presented',
          5: 'CLIENT_CERTIFICATE_REJECTED / CLIENT_SECRET_REJECTED: not accepted for this client id',
          6: 'SERVER_UNTRUSTED: the server certificate is not trusted',
          7: 'AICORE_UNAUTHORIZED / AICORE_FORBIDDEN: SAP AI Core answered 401 or 403',
          8: 'AICORE_RESOURCE_GROUP_NOT_FOUND: unknown resource group',
          9: 'NETWORK_UNREACHABLE / CONNECTION_RESET: the host could not be reached or closed the connection',
          10: 'KEY_MISMATCH / CERTIFICATE_EXPIRED / CERTIFICATE_NOT_YET_VALID: local certificate problem',
        }),
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        const { runCheckCommand } = await import('./check-action.ts');
        return runCheckCommand(options as CheckCommandOptions, output);
      });
    });
}
