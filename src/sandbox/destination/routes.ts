import type { SandboxCore } from '../core.ts';
import { bearerToken, HttpError, readJson, Router, type RequestContext } from '../http.ts';
import { checkBearer } from '../xsuaa/access-tokens.ts';
import { badRequest } from './certificate-files.ts';
import type { StoredCertificate } from './model.ts';
import { listCertificates, readCertificate, readPublicKeys } from './read-handlers.ts';
import type { RenewalJob } from './renewal.ts';
import { storeFor, type CertificateLevel } from './store.ts';
import { createCertificates, deleteCertificate, deleteCertificates, handleLabels, updateCertificates } from './write-handlers.ts';

/** xsappname of the Destination service; its tokens carry it as audience. */
export const destinationXsappname = 'destination-xsappname!b9';

const base = '/destination-configuration/v1';
const maxUriLength = 4000;

interface Resolved {
  level: CertificateLevel;
  store: StoredCertificate[];
}

/**
 * Creates the handler of the Destination service host: the subaccount and instance
 * certificate APIs. Every request needs a Destination token. Automatic renewals due on the
 * sandbox clock run before the request is served, so a read never returns a certificate the
 * renewal job would have replaced.
 */
export function createDestinationHandler(core: SandboxCore, renewals: RenewalJob): (ctx: RequestContext) => Promise<void> {
  const resolve = (ctx: RequestContext, level: string): Resolved => {
    if (level !== 'subaccountCertificates' && level !== 'instanceCertificates') throw new HttpError(404, 'Not Found', `unknown collection ${level}`);
    const auth = checkBearer(core, bearerToken(ctx), destinationXsappname);
    if (!auth.ok) throw new HttpError(auth.status, auth.status === 401 ? 'Unauthorized' : 'Forbidden', auth.reason);
    ctx.clientId = String(auth.claims.client_id);
    if (auth.client === undefined) throw new HttpError(403, 'Forbidden', `the token client ${ctx.clientId} no longer exists`);
    return { level, store: storeFor(core, level, auth.client.serviceInstanceId) };
  };
  const body = (ctx: RequestContext) => readJson(ctx, (message) => badRequest(message));
  const find = (store: StoredCertificate[], name: string) => store.find((certificate) => certificate.Name === name);

  const router = new Router()
    .add('GET', `${base}/:level`, async (ctx, { level }) => {
      const { store } = resolve(ctx, level!);
      listCertificates(core, ctx, store, `${base}/${level}`);
    })
    .add('POST', `${base}/:level`, async (ctx, { level }) => {
      const resolved = resolve(ctx, level!);
      await createCertificates(core, ctx, resolved.store, resolved.level, await body(ctx));
    })
    .add('PUT', `${base}/:level`, async (ctx, { level }) => {
      const resolved = resolve(ctx, level!);
      await updateCertificates(core, ctx, resolved.store, resolved.level, await body(ctx));
    })
    .add('DELETE', `${base}/:level`, async (ctx, { level }) => {
      deleteCertificates(core, ctx, resolve(ctx, level!).store);
    })
    .add('GET', `${base}/:level/:name`, async (ctx, { level, name }) => {
      readCertificate(ctx, find(resolve(ctx, level!).store, name!), name!);
    })
    .add('DELETE', `${base}/:level/:name`, async (ctx, { level, name }) => {
      deleteCertificate(core, ctx, resolve(ctx, level!).store, name!);
    })
    .add('GET', `${base}/:level/:name/publicKeys`, async (ctx, { level, name }) => {
      readPublicKeys(ctx, find(resolve(ctx, level!).store, name!), name!);
    })
    .add('GET', `${base}/:level/:name/labels`, async (ctx, { level, name }) => {
      handleLabels(core, ctx, find(resolve(ctx, level!).store, name!), name!, undefined);
    })
    .add('PUT', `${base}/:level/:name/labels`, async (ctx, { level, name }) => {
      const { store } = resolve(ctx, level!);
      handleLabels(core, ctx, find(store, name!), name!, await body(ctx));
    })
    .add('PATCH', `${base}/:level/:name/labels`, async (ctx, { level, name }) => {
      const { store } = resolve(ctx, level!);
      handleLabels(core, ctx, find(store, name!), name!, await body(ctx));
    });

  return async (ctx) => {
    if ((ctx.req.url ?? '').length > maxUriLength) throw new HttpError(414, 'URI Too Long', `request URI longer than ${maxUriLength} characters`);
    await renewals.run();
    const result = await router.handle(ctx, (message) => badRequest(message));
    if (result === 'not-found') throw new HttpError(404, 'Not Found', `no Destination endpoint ${ctx.url.pathname}`);
    if (result === 'method-not-allowed') throw new HttpError(405, 'Method Not Allowed', `${ctx.method} not allowed on ${ctx.url.pathname}`);
  };
}
