import type { SandboxCore } from '../core.ts';
import { accept, bearerToken, readJson, Router, sendJson, type RequestContext } from '../http.ts';
import { checkBearer } from '../xsuaa/access-tokens.ts';
import { createBinding, deleteBinding, getBinding, getOperation, listBindings, patchBinding } from './binding-handlers.ts';
import type { BindingLifecycle } from './bindings.ts';
import { instanceView, serviceProfiles } from './catalog.ts';
import { smBadRequest, smError, smNotFound } from './errors.ts';
import { applyFieldQuery, applyLabelQuery } from './field-query.ts';
import { page } from './paging.ts';
import type { RateLimiter } from './rate-limit.ts';

const offeringFields = ['id', 'name', 'catalog_id', 'catalog_name', 'broker_id', 'ready'];
const planFields = ['id', 'name', 'catalog_id', 'catalog_name', 'service_offering_id', 'ready', 'free'];
const instanceFields = ['id', 'name', 'service_plan_id', 'platform_id', 'ready', 'usable'];

/** Creates the handler of the Service Manager host (`sm_url`). */
export function createServiceManagerHandler(core: SandboxCore, lifecycle: BindingLifecycle, limiter: RateLimiter): (ctx: RequestContext) => Promise<void> {
  const audience = serviceProfiles['service-manager'].xsappname;
  const body = (ctx: RequestContext) => readJson(ctx, smBadRequest);
  const sm = () => core.state.serviceManager;

  const listOf = <T extends object>(ctx: RequestContext, items: T[], fields: string[], what: string, view: (item: T) => unknown = (item) => item) => {
    let filtered = applyFieldQuery(items, ctx.url.searchParams.get('fieldQuery'), fields);
    if (filtered.every((item) => 'labels' in item)) {
      filtered = applyLabelQuery(filtered as Array<T & { labels: Record<string, string[]> }>, ctx.url.searchParams.get('labelQuery'));
    }
    const result = page(filtered, ctx.url.searchParams);
    accept(ctx, `listed ${result.items.length} of ${result.num_items} ${what}`);
    sendJson(ctx, 200, { ...result, items: result.items.map(view) });
  };
  const one = <T>(ctx: RequestContext, item: T | undefined, what: string, view: (item: T) => unknown = (value) => value) => {
    if (item === undefined) throw smNotFound(what);
    accept(ctx, `read ${what}`);
    sendJson(ctx, 200, view(item));
  };

  const router = new Router()
    .add('GET', '/v1/service_offerings', async (ctx) => listOf(ctx, sm().offerings, offeringFields, 'service offerings'))
    .add('GET', '/v1/service_offerings/:id', async (ctx, { id }) => one(ctx, sm().offerings.find((item) => item.id === id), 'service_offering'))
    .add('GET', '/v1/service_plans', async (ctx) => listOf(ctx, sm().plans, planFields, 'service plans'))
    .add('GET', '/v1/service_plans/:id', async (ctx, { id }) => one(ctx, sm().plans.find((item) => item.id === id), 'service_plan'))
    .add('GET', '/v1/service_instances', async (ctx) => listOf(ctx, sm().instances, instanceFields, 'service instances', instanceView))
    .add('GET', '/v1/service_instances/:id', async (ctx, { id }) =>
      one(ctx, sm().instances.find((item) => item.id === id), 'service_instance', instanceView),
    )
    .add('GET', '/v1/service_bindings', async (ctx) => listBindings(lifecycle, ctx))
    .add('POST', '/v1/service_bindings', async (ctx) => createBinding(core, lifecycle, ctx, await body(ctx)))
    .add('GET', '/v1/service_bindings/:id', async (ctx, { id }) => getBinding(lifecycle, ctx, id!))
    .add('DELETE', '/v1/service_bindings/:id', async (ctx, { id }) => deleteBinding(core, lifecycle, ctx, id!))
    .add('PATCH', '/v1/service_bindings/:id', async (ctx, { id }) => patchBinding(core, lifecycle, ctx, id!, await body(ctx)))
    .add('GET', '/v1/service_bindings/:id/operations/:operationId', async (ctx, { id, operationId }) =>
      getOperation(lifecycle, ctx, id!, operationId!),
    );

  return async (ctx) => {
    limiter.check(ctx.url.pathname);
    const auth = checkBearer(core, bearerToken(ctx), audience);
    if (!auth.ok) throw smError(auth.status, auth.status === 401 ? 'Unauthorized' : 'Forbidden', auth.reason);
    ctx.clientId = String(auth.claims.client_id);
    lifecycle.settleAll();
    const result = await router.handle(ctx, smBadRequest);
    if (result === 'not-found') throw smError(404, 'NotFound', `no Service Manager endpoint ${ctx.url.pathname}`);
    if (result === 'method-not-allowed') throw smError(405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.url.pathname}`);
  };
}
