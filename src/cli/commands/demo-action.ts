import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { runConnectionCheck } from '../../check/connection-check.ts';
import { credentialsFromObject, readCredentialsFile } from '../../credentials/index.ts';
import { AicoreMtlsError } from '../../errors.ts';
import { writeFileAtomic } from '../../fs/atomic-write.ts';
import { fixedPassword } from '../../password.ts';
import { registerSecret } from '../../redact.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { artefactPaths, runSetup, type SetupEvent } from '../../setup/index.ts';
import type { Output } from '../output.ts';
import { version } from '../program.ts';
import { renderCheck } from './check-action.ts';
import { renderSetupSummary } from './setup-render.ts';

/** Marks a folder as made by `demo`, so --force never deletes anything else. */
const markerName = '.aicore-mtls-demo';

export async function runDemo(options: { out: string; force?: boolean }, output: Output): Promise<number> {
  const folder = resolve(options.out);
  await prepareFolder(folder, options.force === true);

  output.info(`starting the sandbox (XSUAA, Destination service, Service Manager, SAP AI Core on 127.0.0.1)`);
  const sandbox = await startSandbox({ dir: join(folder, 'sandbox'), port: 0 });
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.on('SIGINT', onInterrupt);
  try {
    const password = randomBytes(18).toString('base64url');
    registerSecret(password);
    const passwordFile = join(folder, 'certificate-password.txt');
    await writeFileAtomic(passwordFile, `${password}\n`, { mode: 0o600, overwrite: true });

    const http = { extraCaCertificates: [sandbox.caCertificatePem], environment: {} };
    const result = await runSetup(
      {
        destination: credentialsFromObject(sandbox.destinationServiceKey, `${sandbox.files?.destinationServiceKey ?? 'sandbox Destination key'}`, { service: 'destination' }),
        serviceManager: credentialsFromObject(sandbox.serviceManagerKey, `${sandbox.files?.serviceManagerKey ?? 'sandbox Service Manager key'}`, { service: 'service-manager' }),
        instanceName: sandbox.aicoreInstanceName,
        certificateName: 'islm-mtls.pem',
        mode: 'generate',
        validity: { TimeUnit: 'YEARS', Value: 1 },
        autoRenew: true,
        pinning: false,
        resourceGroup: 'default',
        passwords: fixedPassword(password),
        passwordSource: { kind: 'file', path: passwordFile },
        http,
        outDir: join(folder, 'setup'),
        signal: controller.signal,
        onEvent: (event: SetupEvent) => {
          if (event.status === 'start') output.info(`setup: ${event.step}: ${event.message}`);
          else if (event.status === 'warning') output.warn(`${event.step}: ${event.message}`);
          else output.info(`        ${event.status}: ${event.message}`);
        },
      },
      `aicore-mtls ${version}`,
    );

    output.info('check: token from certurl over mTLS and SAP AI Core, with the written AICORE_SERVICE_KEY file');
    const serviceKeyPath = join(folder, 'setup', artefactPaths.serviceKeyWithKey);
    const check = await runConnectionCheck({
      credentials: await readCredentialsFile(serviceKeyPath, { service: 'aicore' }),
      http,
      resourceGroup: 'default',
    });

    output.text(renderSetupSummary(result.summary));
    output.text(['', 'Check with the written service key:', renderCheck(check)].join('\n'));
    output.text(
      [
        '',
        'Try the commands one by one against a sandbox in the background (from the repository, "aicore-mtls" is',
        '"node bin/aicore-mtls.js" unless "npm link" put it on your PATH):',
        '  aicore-mtls sandbox start --dir sandbox',
        '  aicore-mtls setup --destination-key sandbox/destination-service-key.json --service-manager-key sandbox/service-manager-key.json \\',
        `      --instance ${sandbox.aicoreInstanceName} --ca-file sandbox/ca.pem --password-file ${passwordFile} --out islm-mtls`,
        '  aicore-mtls check --service-key islm-mtls/aicore-service-key.json --ca-file sandbox/ca.pem',
        '  aicore-mtls sandbox stop --dir sandbox',
        `  aicore-mtls cert inspect ${join(folder, 'setup', 'strust', 'islm-mtls.p12')} --password-file ${passwordFile}`,
      ].join('\n'),
    );
    output.result({ setup: result.summary, check });
    if (!check.ok) {
      throw new AicoreMtlsError('ERR_DEMO_CHECK_FAILED', `the check with the written service key failed: ${check.diagnosis?.code}`, {
        fix: 'This is a bug in the demo flow; run with --debug and report it.',
      });
    }
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    await sandbox.stop();
    output.info('sandbox stopped');
  }
}

async function prepareFolder(folder: string, force: boolean): Promise<void> {
  const entries = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (entries && entries.length > 0) {
    if (!entries.includes(markerName)) {
      throw new AicoreMtlsError('ERR_DEMO_FOLDER_NOT_EMPTY', `"${folder}" exists and was not made by "aicore-mtls demo"`, {
        fix: 'Choose an empty or new folder with --out.',
        details: { folder },
      });
    }
    if (!force) {
      throw new AicoreMtlsError('ERR_FILE_EXISTS', `"${folder}" contains an earlier demo`, {
        fix: 'Pass --force to replace it ("npm run demo -- --force" from the repository), or choose another folder with --out.',
        details: { folder },
      });
    }
    await rm(folder, { recursive: true, force: true });
  }
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, markerName), 'Made by "aicore-mtls demo"; "demo --force" may replace this folder.\n');
}
