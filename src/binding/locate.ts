import { x509LocationFor, type BindingService, type X509BlockLocation } from './services.ts';

/** One level of a parameters object that carries `credential-type` or `x509`. */
export interface X509ParametersBlock {
  location: X509BlockLocation;
  /** JSON path of the x509 object: `xsuaa.x509` or `x509`. */
  path: 'xsuaa.x509' | 'x509';
  /** Value of `credential-type` at that level, as found (undefined when absent). */
  credentialType: unknown;
  /** The `x509` object; undefined when the level has only `credential-type`. */
  x509: Record<string, unknown> | undefined;
  /** `self-managed` when x509 has `certificate`, otherwise `generated` (XSUAA issues the certificate). */
  kind: 'self-managed' | 'generated';
}

export interface X509ParametersReport {
  /** The block at the expected level when there is one, else the only block found. */
  block: X509ParametersBlock | undefined;
  /** Every level that carries x509 parameters, top level first. */
  blocks: X509ParametersBlock[];
  /** Level at which the service expects the block; undefined when no service was given. */
  expectedLocation: X509BlockLocation | undefined;
  /** True when a service was given and the block sits only at the other level. */
  wrongLevel: boolean;
  /** Findings in plain sentences: wrong level, both levels, missing or unexpected fields. */
  problems: string[];
}

/**
 * Finds the x509 block in binding parameters at either level and reports where it is. With a
 * service it also reports whether that is the level the service reads, because parameters at the
 * wrong level make the broker return a `binding-secret` credential instead of an x509 one.
 */
export function findX509Parameters(parameters: unknown, service?: BindingService): X509ParametersReport {
  const expectedLocation = service === undefined ? undefined : x509LocationFor(service);
  const report: X509ParametersReport = { block: undefined, blocks: [], expectedLocation, wrongLevel: false, problems: [] };
  if (!isObject(parameters)) {
    report.problems.push('the parameters are not a JSON object');
    return report;
  }

  const top = readLevel(parameters, 'top-level');
  if (top) report.blocks.push(top);
  if ('xsuaa' in parameters && !isObject(parameters['xsuaa'])) report.problems.push('"xsuaa" is not a JSON object');
  const nested = isObject(parameters['xsuaa']) ? readLevel(parameters['xsuaa'], 'xsuaa') : undefined;
  if (nested) report.blocks.push(nested);

  if (report.blocks.length === 0) {
    report.problems.push('no "credential-type" or "x509" found at the top level or under "xsuaa"');
    return report;
  }
  if (report.blocks.length > 1) report.problems.push('x509 parameters appear both at the top level and under "xsuaa"');

  const atExpected = report.blocks.find((candidate) => candidate.location === expectedLocation);
  report.block = atExpected ?? report.blocks[0];
  if (service !== undefined && atExpected === undefined) {
    report.wrongLevel = true;
    report.problems.push(
      expectedLocation === 'xsuaa'
        ? `the x509 parameters are at the top level, but ${serviceNames[service]} reads them under "xsuaa"`
        : `the x509 parameters are under "xsuaa", but ${serviceNames[service]} reads them at the top level`,
    );
  }
  report.problems.push(...fieldProblems(report.block!));
  return report;
}

function readLevel(level: Record<string, unknown>, location: X509BlockLocation): X509ParametersBlock | undefined {
  if (!('credential-type' in level) && !('x509' in level)) return undefined;
  const x509 = isObject(level['x509']) ? level['x509'] : undefined;
  return {
    location,
    path: location === 'xsuaa' ? 'xsuaa.x509' : 'x509',
    credentialType: level['credential-type'],
    x509,
    kind: x509 !== undefined && 'certificate' in x509 ? 'self-managed' : 'generated',
  };
}

function fieldProblems(block: X509ParametersBlock): string[] {
  const problems: string[] = [];
  const prefix = block.location === 'xsuaa' ? 'xsuaa.' : '';
  if (block.credentialType === undefined) {
    problems.push(`"${prefix}credential-type" is missing; XSUAA uses x509 only when it is the instance's default credential type`);
  } else if (block.credentialType !== 'x509') {
    problems.push(`"${prefix}credential-type" is ${JSON.stringify(block.credentialType)}, expected "x509"`);
  }
  if (block.x509 === undefined) return problems;

  const certificate = block.x509['certificate'];
  if (block.kind === 'self-managed' && (typeof certificate !== 'string' || certificate.trim() === '')) {
    problems.push(`"${block.path}.certificate" is not a non-empty string`);
  }
  if ('key' in block.x509) problems.push(`"${block.path}.key" is present; binding parameters must never carry a private key`);
  for (const flag of ['ensure-uniqueness', 'certificate-pinning', 'hide-certificate']) {
    if (flag in block.x509 && typeof block.x509[flag] !== 'boolean') {
      problems.push(`"${block.path}.${flag}" is ${JSON.stringify(block.x509[flag])}, expected true or false`);
    }
  }
  return problems;
}

const serviceNames: Record<BindingService, string> = {
  aicore: 'SAP AI Core',
  destination: 'the Destination service',
  xsuaa: 'a plain XSUAA instance',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
