import type { SandboxCore } from '../core.ts';
import { accept, bearerToken, HttpError, Router, sendJson, type RequestContext } from '../http.ts';
import { serviceProfiles } from '../service-manager/catalog.ts';
import { checkBearer } from '../xsuaa/access-tokens.ts';
import type { AiCoreCatalog } from './catalog.ts';

const deploymentStatuses = ['PENDING', 'RUNNING', 'COMPLETED', 'DEAD', 'STOPPING', 'STOPPED', 'UNKNOWN'];

/** AI Core's error body `{"error":{"code","message","requestId","target"}}`. */
function aiError(ctx: RequestContext, status: number, code: string, message: string): HttpError {
  return new HttpError(status, { error: { code, message, requestId: ctx.requestId, target: ctx.url.pathname, details: {} } }, message);
}

function integerQuery(ctx: RequestContext, name: string, fallback: number): number {
  const value = ctx.url.searchParams.get(name);
  if (value === null) return fallback;
  if (!/^\d+$/.test(value)) throw aiError(ctx, 400, 'AiBadRequest', `Query parameter ${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

/**
 * Creates the handler of the AI API host (`serviceurls.AI_API_URL`). Every call needs an XSUAA token of
 * an AI Core binding: valid RS256 signature, not expired on the sandbox clock, issued by the
 * sandbox XSUAA for the subaccount zone, with the AI Core xsappname as audience. `/v2/lm/*`
 * calls other than `meta` need an `AI-Resource-Group` header naming an existing group.
 */
export function createAiCoreHandler(core: SandboxCore, catalog: AiCoreCatalog): (ctx: RequestContext) => Promise<void> {
  const audience = serviceProfiles.aicore.xsappname;

  const resourceGroup = (ctx: RequestContext): string => {
    const header = ctx.req.headers['ai-resource-group'];
    const group = Array.isArray(header) ? header[0] : header;
    if (group === undefined || group === '') throw aiError(ctx, 400, 'AiBadRequest', "Missing header parameter 'AI-Resource-Group'");
    const known = catalog.resourceGroups.find((candidate) => candidate.resourceGroupId === group);
    if (known === undefined) throw aiError(ctx, 404, 'NotFound', `Resource group '${group}' not found`);
    return group;
  };
  const groupView = (group: AiCoreCatalog['resourceGroups'][number]) => ({
    ...group,
    tenantId: core.identity.zoneId,
    zoneId: core.identity.zoneId,
    servicePlan: 'extended',
    statusMessage: '',
  });

  const router = new Router()
    .add('GET', '/v2/lm/meta', async (ctx) => {
      accept(ctx, 'meta');
      sendJson(ctx, 200, {
        aiApi: {
          version: '2.42.0',
          capabilities: { basic: { staticExecutors: false, userExecutables: true, multitenant: true }, logs: { executions: true, deployments: true } },
          limits: { executions: { maxRunningCount: -1 }, deployments: { maxRunningCount: -1 }, minimumFrequencyHour: 1, timeToLiveDeployment: { minimum: '10m', maximum: '-1' } },
        },
        runtimeIdentifier: 'aicore',
        runtimeApiVersion: '2.42.0',
        description: 'SAP AI Core (sandbox)',
      });
    })
    .add('GET', '/v2/lm/scenarios', async (ctx) => {
      const group = resourceGroup(ctx);
      accept(ctx, `listed scenarios of resource group ${group}`);
      sendJson(ctx, 200, { count: catalog.scenarios.length, resources: catalog.scenarios });
    })
    .add('GET', '/v2/lm/deployments', async (ctx) => {
      const group = resourceGroup(ctx);
      const scenarioId = ctx.url.searchParams.get('scenarioId');
      const status = ctx.url.searchParams.get('status');
      if (status !== null && !deploymentStatuses.includes(status)) {
        throw aiError(ctx, 400, 'AiBadRequest', `Query parameter status must be one of ${deploymentStatuses.join(', ')}`);
      }
      const top = integerQuery(ctx, '$top', 10_000);
      const skip = integerQuery(ctx, '$skip', 0);
      const matching = catalog.deployments.filter(
        (deployment) => (scenarioId === null || deployment.scenarioId === scenarioId) && (status === null || deployment.status === status),
      );
      const select = ctx.url.searchParams.get('$select');
      if (select !== null && select !== 'status') throw aiError(ctx, 400, 'AiBadRequest', `Query parameter $select supports only "status", got "${select}"`);
      const resources = matching
        .slice(skip, skip + top)
        .map((deployment) => (select === 'status' ? { id: deployment.id, status: deployment.status } : deployment));
      accept(ctx, `listed deployments of resource group ${group}`);
      sendJson(ctx, 200, { count: matching.length, resources });
    })
    .add('GET', '/v2/admin/resourceGroups', async (ctx) => {
      const top = integerQuery(ctx, '$top', 10_000);
      const skip = integerQuery(ctx, '$skip', 0);
      const groups = catalog.resourceGroups.slice(skip, skip + top).map(groupView);
      accept(ctx, 'listed resource groups');
      sendJson(ctx, 200, { count: catalog.resourceGroups.length, resources: groups });
    })
    .add('GET', '/v2/admin/resourceGroups/:id', async (ctx, { id }) => {
      const group = catalog.resourceGroups.find((candidate) => candidate.resourceGroupId === id);
      if (group === undefined) throw aiError(ctx, 404, 'NotFound', `Resource group '${id}' not found`);
      accept(ctx, `read resource group ${id}`);
      sendJson(ctx, 200, groupView(group));
    });

  return async (ctx) => {
    const auth = checkBearer(core, bearerToken(ctx), audience);
    if (!auth.ok) {
      throw aiError(ctx, auth.status, auth.status === 401 ? 'Unauthorized' : 'Forbidden', `Authentication failed: ${auth.reason}`);
    }
    ctx.clientId = String(auth.claims.client_id);
    const result = await router.handle(ctx, (message) => aiError(ctx, 400, 'AiBadRequest', message));
    if (result === 'not-found') throw aiError(ctx, 404, 'NotFound', `No AI API endpoint ${ctx.url.pathname}`);
    if (result === 'method-not-allowed') throw aiError(ctx, 405, 'MethodNotAllowed', `${ctx.method} is not allowed on ${ctx.url.pathname}`);
  };
}
