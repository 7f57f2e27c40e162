import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';

import { caFileHelp, collectFiles, readCaFiles } from '../connection-options.ts';
import { exitCodeHelp } from '../exit-codes.ts';
import type { Output } from '../output.ts';
import { passwordEnvHelp, passwordFileHelp, passwordProviderFrom } from '../password-options.ts';
import { runAction } from '../run-action.ts';

interface DoctorCommandOptions {
  serviceKey?: string;
  cert?: string;
  key?: string;
  bundle?: string;
  pkcs12?: string;
  bindingParams?: string;
  resourceGroup: string;
  tokenUrl?: string;
  probe?: true;
  caFile: string[];
  offline?: true;
  testRenewed?: true;
  warnDays: number;
  passwordFile?: string;
  passwordEnv?: string;
  keyPasswordFile?: string;
  keyPasswordEnv?: string;
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .summary('find what breaks ISLM → SAP AI Core over mTLS, with a named diagnosis and the fix for each problem')
    .description(
      [
        'Run every check the given files allow and report each problem as a diagnosis with a stable code, what it means, the evidence and the fix, naming the S/4HANA transaction and field where the fix lies there.',
        "Offline (always): the service key (x509, clientid, certurl, AI_API_URL); the client certificate and key (validity, key pair, chain, key strength, the CA XSUAA must trust); the certificate compared with the binding's (pinning, renewal, issuer change); binding parameters (level, BOM, CRLF, double escaping); PKCS#12 encryption (what STRUST reads).",
        'Online (with --service-key, unless --offline): a token from certurl over mTLS and the SAP AI Core calls ISLM makes (resource groups, scenarios with AI-Resource-Group); the clock difference to XSUAA; certurl against the endpoint XSUAA publishes. With --probe also the root certificate each host serves and the S/4HANA PSE it belongs in (the identity PSE for certurl, DFAULT for AI_API_URL).',
        'A renewed certificate is not sent to XSUAA unless --test-renewed is given, because its first use makes XSUAA reject the older certificate that S/4HANA may still present. Private keys, passwords, client secrets and tokens are never printed.',
      ].join('\n\n'),
    )
    .option('--service-key <file>', 'SAP AI Core service key or binding credentials (JSON, cf service-key output, VCAP_SERVICES, Kubernetes secret)')
    .option('--cert <file>', 'client certificate (chain) S/4HANA presents: PEM, DER or PKCS#7')
    .option('--key <file>', 'private key of --cert')
    .option('--bundle <file>', 'the file STRUST imports: PEM with key and chain, or PKCS#12')
    .option('--pkcs12 <file>', 'a PKCS#12 file; its encryption is checked against what STRUST reads')
    .option('--binding-params <file>', 'binding parameters JSON as given to Service Manager, btp or cf')
    .option('--resource-group <id>', 'AI-Resource-Group of the SAP AI Core calls (ISLM_REUSE_CFGV Resource Group)', 'default')
    .option('--token-url <url>', 'token endpoint to call instead of certurl, as OA2C_CONFIG has it (with or without https://)')
    .option('--probe', 'read the root certificate the certurl and AI_API_URL hosts serve (TLS handshake only)')
    .option('--ca-file <file>', `${caFileHelp}; with --probe, the roots the PSEs hold`, collectFiles, [] as string[])
    .option('--offline', 'run no network check')
    .option('--test-renewed', 'send the token request even when the certificate renews the bound one')
    .option('--warn-days <days>', 'a client certificate expiring within this many days is a warning (at most a third of its lifetime)', parseDays, 30)
    .option('--password-file <file>', `${passwordFileHelp} (password of --bundle, --pkcs12 and --key)`)
    .option('--password-env <name>', `${passwordEnvHelp} (password of --bundle, --pkcs12 and --key)`)
    .option('--key-password-file <file>', 'read the password of --key from FILE when it differs')
    .option('--key-password-env <name>', 'read the password of --key from the environment variable NAME when it differs')
    .option('--json', 'print the report as one JSON document on stdout: every diagnosis and the checks that passed')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ aicore-mtls doctor --service-key aicore-key.json --bundle islm-strust.pem --password-file cert.pass',
        '  $ aicore-mtls doctor --service-key aicore-key.json --cert DEV.pem --key islm.key --probe',
        '  $ aicore-mtls doctor --service-key aicore-key.json --bundle islm.p12 --password-env ISLM_P12_PASSWORD \\',
        '      --token-url my-sub.authentication.eu10.hana.ondemand.com/oauth/token',
        '  $ aicore-mtls doctor --binding-params parameters.json --pkcs12 islm.p12 --password-file p12.pass --offline',
        '  $ aicore-mtls doctor --service-key aicore-key.json --resource-group islm --json > doctor.json',
      ].join('\n') + exitCodeHelp({ 3: 'only warnings were found; 1 means at least one error diagnosis, 0 that nothing was found' }),
    )
    .action(async (options, command) => {
      await runAction(command.optsWithGlobals(), async (output) => {
        return runDoctorCommand(options, output);
      });
    });
}

function parseDays(value: string): number {
  if (!/^\d{1,4}$/.test(value)) throw new InvalidArgumentError('expected a whole number of days, such as 30.');
  return Number(value);
}

async function runDoctorCommand(options: DoctorCommandOptions, output: Output): Promise<number> {
  const { doctorExitCode, renderDoctorReport, runDoctor } = await import('../../doctor/index.ts');
  const passwords = passwordProviderFrom({ passwordFile: options.passwordFile, passwordEnv: options.passwordEnv });
  const separateKeyPassword = options.keyPasswordFile !== undefined || options.keyPasswordEnv !== undefined;
  const caCertificates = await readCaFiles(options.caFile);

  const report = await runDoctor({
    ...(options.serviceKey !== undefined ? { serviceKey: options.serviceKey } : {}),
    ...(options.cert !== undefined ? { certificate: options.cert } : {}),
    ...(options.key !== undefined ? { key: options.key } : {}),
    ...(options.bundle !== undefined ? { bundle: options.bundle } : {}),
    ...(options.pkcs12 !== undefined ? { pkcs12: options.pkcs12 } : {}),
    ...(options.bindingParams !== undefined ? { bindingParameters: options.bindingParams } : {}),
    ...(options.tokenUrl !== undefined ? { tokenUrl: options.tokenUrl } : {}),
    passwords,
    ...(separateKeyPassword ? { keyPasswords: passwordProviderFrom({ passwordFile: options.keyPasswordFile, passwordEnv: options.keyPasswordEnv }, 'key password') } : {}),
    resourceGroup: options.resourceGroup,
    probe: options.probe === true,
    caCertificates,
    offline: options.offline === true,
    testRenewedCertificate: options.testRenewed === true,
    warnDays: options.warnDays,
  });

  const code = doctorExitCode(report);
  output.text(renderDoctorReport(report));
  output.result({ ...report, exitCode: code });
  return code;
}
