import { UsageError } from '../errors.ts';
import { isSandboxService, sandboxServices, type SandboxService } from './services.ts';

/**
 * Fault injection: rules that make matching requests fail the way real SAP endpoints fail
 * under load or during incidents, so retry and error handling can be tested.
 */
export type FaultKind = 'status' | 'delay' | 'reset' | 'html';

export interface FaultRule {
  /** Service whose requests the rule matches; `*` matches every service. */
  service: SandboxService | '*';
  /** HTTP method in upper case; every method when absent. */
  method?: string;
  /** Exact request path (no query), or a prefix ending in `*`; every path when absent. */
  path?: string;
  /**
   * `status`: respond with `status` (429 or 5xx) and a JSON body. `delay`: wait `delayMs`, then
   * handle the request normally. `reset`: drop the connection without a response. `html`:
   * respond with an HTML error page, as a gateway in front of the service would.
   */
  kind: FaultKind;
  /** Status code for `status` (429 or 500–599, default 503) and `html` (400–599, default 502). */
  status?: number;
  /** Retry-After in seconds for 429 and 503 responses; default 1 for 429, none for 503. */
  retryAfterSeconds?: number;
  /** Delay in milliseconds for `delay`. */
  delayMs?: number;
  /** Number of matching requests the rule affects; default 1. `always` keeps it until cleared. */
  count?: number | 'always';
}

/** A rule as stored: with an id and the number of requests it may still affect. */
export interface ActiveFault extends FaultRule {
  id: number;
  /** Requests the rule still affects; `always` for an unlimited rule. */
  remaining: number | 'always';
  /** Requests the rule has affected so far. */
  hits: number;
}

export interface FaultController {
  /** Validates and adds a rule; throws a UsageError naming the bad field. */
  add(rule: FaultRule): ActiveFault;
  remove(id: number): boolean;
  clear(): void;
  list(): ActiveFault[];
}

/** The controller plus the matching step the server uses for each request. */
export interface FaultInjector extends FaultController {
  /** Returns the first rule that matches and consumes one of its uses, or undefined. */
  take(service: SandboxService, method: string, path: string): ActiveFault | undefined;
}

export function createFaultInjector(initial: FaultRule[] = []): FaultInjector {
  let nextId = 1;
  let rules: ActiveFault[] = [];

  const injector: FaultInjector = {
    add(rule) {
      validateFaultRule(rule);
      const active: ActiveFault = { ...rule, id: nextId++, remaining: rule.count ?? 1, hits: 0 };
      rules.push(active);
      return { ...active };
    },
    remove(id) {
      const before = rules.length;
      rules = rules.filter((rule) => rule.id !== id);
      return rules.length !== before;
    },
    clear() {
      rules = [];
    },
    list() {
      return rules.map((rule) => ({ ...rule }));
    },
    take(service, method, path) {
      const rule = rules.find((candidate) => matches(candidate, service, method, path));
      if (rule === undefined) return undefined;
      rule.hits += 1;
      if (rule.remaining !== 'always') {
        rule.remaining -= 1;
        if (rule.remaining <= 0) rules = rules.filter((candidate) => candidate !== rule);
      }
      return { ...rule };
    },
  };
  for (const rule of initial) injector.add(rule);
  return injector;
}

function matches(rule: FaultRule, service: SandboxService, method: string, path: string): boolean {
  if (rule.service !== '*' && rule.service !== service) return false;
  if (rule.method !== undefined && rule.method !== method) return false;
  if (rule.path === undefined) return true;
  if (rule.path.endsWith('*')) return path.startsWith(rule.path.slice(0, -1));
  return path === rule.path;
}

/** Throws a UsageError when a rule cannot work, naming the field and the allowed values. */
export function validateFaultRule(rule: FaultRule): void {
  const fix = 'See "aicore-mtls sandbox fault add --help" for the rule syntax.';
  if (rule.service !== '*' && !isSandboxService(rule.service)) {
    throw new UsageError(`unknown service "${String(rule.service)}" in fault rule; expected one of ${sandboxServices.join(', ')} or *`, { fix });
  }
  if (rule.method !== undefined && !/^[A-Z]+$/.test(rule.method)) {
    throw new UsageError(`invalid HTTP method "${rule.method}" in fault rule; expected an upper-case method such as POST`, { fix });
  }
  if (rule.path !== undefined && !rule.path.startsWith('/')) {
    throw new UsageError(`invalid path "${rule.path}" in fault rule; expected a path starting with /`, { fix });
  }
  if (rule.count !== undefined && rule.count !== 'always' && (!Number.isInteger(rule.count) || rule.count < 1)) {
    throw new UsageError(`invalid count ${String(rule.count)} in fault rule; expected a positive integer or "always"`, { fix });
  }
  switch (rule.kind) {
    case 'status': {
      const status = rule.status ?? 503;
      if (status !== 429 && (status < 500 || status > 599)) {
        throw new UsageError(`invalid status ${status} for a status fault; expected 429 or 500–599`, { fix });
      }
      break;
    }
    case 'html': {
      const status = rule.status ?? 502;
      if (!Number.isInteger(status) || status < 400 || status > 599) {
        throw new UsageError(`invalid status ${status} for an html fault; expected 400–599`, { fix });
      }
      break;
    }
    case 'delay':
      if (rule.delayMs === undefined || !Number.isInteger(rule.delayMs) || rule.delayMs < 0 || rule.delayMs > 600_000) {
        throw new UsageError(`invalid delay ${String(rule.delayMs)} ms for a delay fault; expected 0–600000`, { fix });
      }
      break;
    case 'reset':
      break;
    default:
      throw new UsageError(`unknown fault kind "${String(rule.kind)}"; expected status, delay, reset or html`, { fix });
  }
  if (rule.retryAfterSeconds !== undefined && (!Number.isInteger(rule.retryAfterSeconds) || rule.retryAfterSeconds < 0)) {
    throw new UsageError(`invalid Retry-After ${rule.retryAfterSeconds} in fault rule; expected whole seconds`, { fix });
  }
}

/** Syntax summary for help texts. */
export const faultSpecHelp = [
  'Fault SPEC: SERVICE[:METHOD][ PATH]=EFFECT[xCOUNT]',
  `  SERVICE  ${sandboxServices.join(', ')} or * (xsuaa is the url host, xsuaa-cert the certurl host)`,
  '  PATH     exact path such as /oauth/token, or a prefix ending in * (quote the SPEC: it has a space)',
  '  EFFECT   429 or 500-599, optionally ~SECONDS for Retry-After (429~30);',
  '           delay:MS (wait, then answer normally); reset (drop the connection);',
  '           html or html:STATUS (HTML error page, default 502)',
  '  COUNT    xN affects the next N matching requests (default x1); x* until cleared',
].join('\n');

/**
 * Parses a compact fault SPEC such as `service-manager:POST /v1/service_bindings=429x2`.
 * Throws a UsageError that quotes the SPEC and names the invalid part.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const fix = `Write the rule as SERVICE[:METHOD][ PATH]=EFFECT[xCOUNT], for example "service-manager:POST /v1/service_bindings=429x2".`;
  const separator = spec.lastIndexOf('=');
  if (separator <= 0) throw new UsageError(`invalid fault SPEC "${spec}": missing "=EFFECT"`, { fix });
  const target = spec.slice(0, separator).trim();
  const effect = spec.slice(separator + 1).trim();

  const colon = target.indexOf(':');
  const service = (colon === -1 ? target : target.slice(0, colon)).trim();
  const rule: Partial<FaultRule> = { service: service as FaultRule['service'] };
  if (colon !== -1) {
    const rest = target.slice(colon + 1).trim();
    const match = /^(?:([A-Za-z]+))?\s*(\/\S*)?$/.exec(rest);
    if (match === null || (match[1] === undefined && match[2] === undefined)) {
      throw new UsageError(`invalid fault SPEC "${spec}": expected METHOD, PATH or "METHOD PATH" after "${service}:"`, { fix });
    }
    if (match[1] !== undefined) rule.method = match[1].toUpperCase();
    if (match[2] !== undefined) rule.path = match[2];
  }

  const effectMatch = /^(?:(\d{3})(?:~(\d+))?|delay:(\d+)|reset|html(?::(\d{3}))?)(?:x(\d+|\*))?$/.exec(effect);
  if (effectMatch === null) {
    throw new UsageError(`invalid fault SPEC "${spec}": unknown effect "${effect}"`, {
      fix: 'Use 429, 500-599 (with optional ~SECONDS), delay:MS, reset or html[:STATUS], optionally followed by xN or x*.',
    });
  }
  const [, status, retryAfter, delay, htmlStatus, count] = effectMatch;
  if (status !== undefined) {
    rule.kind = 'status';
    rule.status = Number(status);
    if (retryAfter !== undefined) rule.retryAfterSeconds = Number(retryAfter);
  } else if (delay !== undefined) {
    rule.kind = 'delay';
    rule.delayMs = Number(delay);
  } else if (effect.startsWith('reset')) {
    rule.kind = 'reset';
  } else {
    rule.kind = 'html';
    if (htmlStatus !== undefined) rule.status = Number(htmlStatus);
  }
  if (count !== undefined) rule.count = count === '*' ? 'always' : Number(count);

  const complete = rule as FaultRule;
  validateFaultRule(complete);
  return complete;
}

/** Formats a rule back into SPEC syntax, for listings. */
export function formatFaultRule(rule: FaultRule): string {
  let target = rule.service as string;
  if (rule.method !== undefined || rule.path !== undefined) {
    target += `:${[rule.method, rule.path].filter((part) => part !== undefined).join(' ')}`;
  }
  let effect: string;
  switch (rule.kind) {
    case 'status':
      effect = `${rule.status ?? 503}${rule.retryAfterSeconds !== undefined ? `~${rule.retryAfterSeconds}` : ''}`;
      break;
    case 'delay':
      effect = `delay:${rule.delayMs ?? 0}`;
      break;
    case 'reset':
      effect = 'reset';
      break;
    case 'html':
      effect = rule.status !== undefined ? `html:${rule.status}` : 'html';
      break;
  }
  const count = rule.count === 'always' ? 'x*' : `x${rule.count ?? 1}`;
  return `${target}=${effect}${count}`;
}
