import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';

import { AicoreMtlsError, UsageError } from '../errors.ts';
import { createAiCoreCatalog } from './aicore/catalog.ts';
import { createAiCoreHandler } from './aicore/routes.ts';
import { loadOrCreateAuthorities, loadOrCreateState, savePki, stateFileName } from './bootstrap.ts';
import { createSandboxClock } from './clock.ts';
import { startControlServer } from './control/server.ts';
import type { ResolvedSettings, SandboxCore } from './core.ts';
import { RenewalJob } from './destination/renewal.ts';
import { createDestinationHandler } from './destination/routes.ts';
import { createFaultInjector } from './faults.ts';
import { writeSandboxFiles } from './files.ts';
import type { SandboxUrls } from './identity.ts';
import { JsonSnapshotWriter } from './persistence.ts';
import { documentedCaNames, issueSapClientCa, issueServerCertificate } from './pki/authorities.ts';
import { issueClientCertificate } from './pki/client-certificates.ts';
import { RequestLog } from './request-log.ts';
import { BindingLifecycle } from './service-manager/bindings.ts';
import { aicoreInstanceName, instanceOfKind } from './service-manager/catalog.ts';
import { defaultRateLimits, RateLimiter } from './service-manager/rate-limit.ts';
import { createServiceManagerHandler } from './service-manager/routes.ts';
import { createRequestListener, type ServiceHandler } from './server/dispatch.ts';
import { close, createHttpsServer, listen } from './server/https-servers.ts';
import { provisionServiceKeys, renderServiceKey } from './service-keys.ts';
import { sandboxServices, type SandboxService } from './services.ts';
import { parseCertificateDer, parseCertificatesPem, splitPemCertificates } from './tls/parsed-certificate.ts';
import type { Sandbox, SandboxOptions, SandboxPorts } from './types.ts';
import { TokenSigner } from './xsuaa/tokens.ts';
import { createXsuaaCertHandler, createXsuaaHandler } from './xsuaa/routes.ts';

const loopback = new Set(['127.0.0.1', '::1', 'localhost']);

/** Starts every simulated service on its own HTTPS port and returns the running sandbox. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const settings = resolveSettings(options);
  const listenAddress = options.listen ?? '127.0.0.1';
  const landscape = options.landscape ?? 'sandbox';
  const dir = options.dir;
  if (dir !== undefined) await mkdir(dir, { recursive: true, mode: 0o700 });

  const authorities = await loadOrCreateAuthorities(dir, landscape);
  const warnings: string[] = [];
  if (!loopback.has(listenAddress)) {
    warnings.push(
      `the sandbox listens on ${listenAddress}, not only on this machine's loopback interface: anyone who can reach it can get tokens with the keys in the sandbox folder`,
    );
  }

  const wildcard = listenAddress === '0.0.0.0' || listenAddress === '::';
  const urlHost = wildcard || listenAddress === '127.0.0.1' ? '127.0.0.1' : isIP(listenAddress) === 6 ? `[${listenAddress}]` : listenAddress;
  const serverHosts = ['localhost', '127.0.0.1', '::1', ...(wildcard ? [hostname()] : [listenAddress])];
  const serverCertificate = await issueServerCertificate(authorities.tlsRoot, serverHosts);

  const servers = new Map(sandboxServices.map((service) => [service, createHttpsServer(serverCertificate, { name: service, requestCert: service === 'xsuaa-cert' })]));
  const ports = await listenAll(servers, options.port ?? 0, listenAddress);
  const urls: SandboxUrls = {
    uaa: `https://${urlHost}:${ports.uaa}`,
    uaaCert: `https://${urlHost}:${ports.uaaCert}`,
    destination: `https://${urlHost}:${ports.destination}`,
    serviceManager: `https://${urlHost}:${ports.serviceManager}`,
    aiApi: `https://${urlHost}:${ports.aiApi}`,
  };

  const { state, fresh } = await loadOrCreateState(dir, landscape, new Date());
  const clock = options.clock ?? createSandboxClock(fresh ? undefined : new Date(Date.now() + state.clockOffsetMs));
  const snapshot = new JsonSnapshotWriter(dir === undefined ? undefined : join(dir, stateFileName), () => ({ ...state, clockOffsetMs: clock.offsetMs }));

  const selfManagedPems = options.trustedRoots === undefined || options.trustedRoots === 'default' ? defaultTrustedPems(authorities) : options.trustedRoots;
  const selfManaged = selfManagedPems.flatMap((pem) => parseCertificatesPem(pem));
  if (selfManaged.length === 0) {
    throw new UsageError('trustedRoots contains no PEM certificate', { fix: 'Pass PEM certificates, or "default".' });
  }
  const sapCloudRoot = parseCertificateDer(splitPemCertificates(authorities.sapCloudRoot.certificatePem)[0]!);

  const core: SandboxCore = {
    clock,
    identity: state.identity,
    urls,
    authorities,
    state,
    signer: new TokenSigner(authorities.tokenSigningKeyPem),
    anchors: { selfManaged, generated: [sapCloudRoot] },
    sapCloudRoot,
    settings,
    faults: createFaultInjector(options.faults ?? []),
    log: new RequestLog(options.requestLogLimit ?? 10_000, dir === undefined ? undefined : join(dir, 'request-log.jsonl')),
    markDirty: () => snapshot.markDirty(),
  };

  const lifecycle = new BindingLifecycle(core);
  const renewals = new RenewalJob(core);
  const handlers: Record<SandboxService, ServiceHandler> = {
    xsuaa: createXsuaaHandler(core),
    'xsuaa-cert': createXsuaaCertHandler(core),
    destination: createDestinationHandler(core, renewals),
    'service-manager': createServiceManagerHandler(core, lifecycle, new RateLimiter(settings.rateLimits)),
    aicore: createAiCoreHandler(core, createAiCoreCatalog(urls.aiApi)),
  };
  for (const [service, server] of servers) server.on('request', createRequestListener(core, service, handlers[service]));

  lifecycle.settleAll();
  await provisionServiceKeys(lifecycle);
  const unsubscribe = clock.onChange(() => {
    core.markDirty();
    void renewals.run();
  });
  await renewals.run();
  snapshot.markDirty();

  const aicoreInstance = instanceOfKind(state.serviceManager, 'aicore');
  const destinationServiceKey = renderServiceKey(core, lifecycle, 'destination');
  const serviceManagerKey = renderServiceKey(core, lifecycle, 'service-manager');

  let stopped = false;
  let controlServer: Awaited<ReturnType<typeof startControlServer>> | undefined;
  const sandbox: Sandbox = {
    urls,
    ports,
    caCertificatePem: authorities.tlsRoot.certificatePem,
    destinationServiceKey,
    serviceManagerKey,
    aicoreInstanceName,
    aicoreInstanceId: aicoreInstance.id,
    trustedRootsPem: selfManaged.map((certificate) => toPem(certificate.der)),
    clock,
    faults: { add: (rule) => core.faults.add(rule), remove: (id) => core.faults.remove(id), clear: () => core.faults.clear(), list: () => core.faults.list() },
    warnings,
    requestLog: () => core.log.list(),
    settle: async () => {
      await renewals.run();
    },
    issueClientCertificate: async (issueOptions = {}) => {
      const issuer = issueOptions.issuer ?? 'sandbox-client-ca';
      if (issuer === 'sandbox-client-ca') return issueClientCertificate(authorities.clientCa, authorities.clientRoot, clock.now(), issueOptions);
      if (issuer === 'sap-cloud-platform-client-ca') return issueClientCertificate(authorities.sapClientCa, authorities.sapCloudRoot, clock.now(), issueOptions);
      if (!(documentedCaNames as readonly string[]).includes(issuer)) throw new UsageError(`unknown issuer "${issuer}"`);
      const ca = authorities.documentedCas[issuer];
      const root = issuer === 'digicert-sha2-secure-server-ca' ? authorities.documentedCas['digicert-global-root-ca'] : ca;
      return issueClientCertificate(ca, root, clock.now(), issueOptions);
    },
    rotateDestinationIssuer: async (rotateOptions = {}) => {
      authorities.sapClientCa = await issueSapClientCa(authorities.sapCloudRoot, rotateOptions.landscape ?? state.identity.landscape, clock.now());
      if (dir !== undefined) await savePki(dir, authorities);
    },
    testing: { signToken: (claims) => core.signer.sign(claims) },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      lifecycle.stop();
      await renewals.run().catch(() => undefined);
      if (controlServer !== undefined) await controlServer.close();
      await Promise.all([...servers.values()].map((server) => close(server)));
      await snapshot.flush();
      await core.log.flush();
    },
  };

  try {
    if (options.control !== undefined) {
      controlServer = await startControlServer(sandbox, core, {
        token: options.control.token,
        port: options.port === undefined || options.port === 0 ? 0 : options.port + sandboxServices.length,
        serverCertificate,
        onStop: options.control.onStop,
      });
      ports.control = controlServer.port;
    }
    if (dir !== undefined) {
      sandbox.files = await writeSandboxFiles(dir, {
        caCertificatePem: sandbox.caCertificatePem,
        destinationServiceKey,
        serviceManagerKey,
        aicoreInstanceName,
        urls,
        ports,
      });
      await snapshot.flush();
    }
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  return sandbox;
}

function resolveSettings(options: SandboxOptions): ResolvedSettings {
  const tokenValiditySeconds = options.tokenValiditySeconds ?? 43_200;
  if (!Number.isInteger(tokenValiditySeconds) || tokenValiditySeconds < 60 || tokenValiditySeconds > 86_400) {
    throw new UsageError(`tokenValiditySeconds must be 60–86400 (XSUAA's range), got ${tokenValiditySeconds}`);
  }
  return {
    tokenValiditySeconds,
    generatedValidityDays: options.generatedValidityDays ?? { min: 1, max: 30 },
    operationCompletion: { afterMs: options.operationCompletion?.afterMs ?? 1000, afterPolls: options.operationCompletion?.afterPolls ?? 2 },
    rateLimits: options.rateLimits ?? defaultRateLimits,
  };
}

async function listenAll(servers: Map<SandboxService, ReturnType<typeof createHttpsServer>>, firstPort: number, address: string): Promise<SandboxPorts> {
  const ports = {} as Record<SandboxService, number>;
  let index = 0;
  try {
    for (const [service, server] of servers) {
      const port = firstPort === 0 ? 0 : firstPort + index;
      try {
        ports[service] = await listen(server, port, address);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new AicoreMtlsError('ERR_SANDBOX_LISTEN', `cannot listen on ${address}:${port} for ${service} (${code ?? 'unknown error'})`, {
          cause: error,
          fix: code === 'EADDRINUSE' ? `Another program uses port ${port}; choose another first port with --port, or 0 for free ports.` : 'Check the --listen address and --port.',
          details: { address, port, service },
        });
      }
      index += 1;
    }
  } catch (error) {
    await Promise.all([...servers.values()].map((server) => close(server)));
    throw error;
  }
  return { uaa: ports.xsuaa, uaaCert: ports['xsuaa-cert'], destination: ports.destination, serviceManager: ports['service-manager'], aiApi: ports.aicore };
}

function defaultTrustedPems(authorities: Awaited<ReturnType<typeof loadOrCreateAuthorities>>): string[] {
  return [
    authorities.clientRoot.certificatePem,
    authorities.sapCloudRoot.certificatePem,
    ...documentedCaNames.map((name) => authorities.documentedCas[name].certificatePem),
  ];
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
