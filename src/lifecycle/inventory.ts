import { LifecycleError } from './errors.ts';

/**
 * Where a value comes from: a file path (relative paths resolve against the inventory's
 * folder) or `env:NAME`. The inventory holds references only, never the secret itself.
 */
export type Reference = { kind: 'file'; path: string; text: string } | { kind: 'env'; name: string; text: string };

/** One landscape (DEV, QAS, PRD): a BTP subaccount with SAP AI Core and one S/4HANA system. */
export interface Landscape {
  name: string;
  destination: {
    /** Destination service key. */
    serviceKey: Reference;
    /** Certificate name in the Destination service, with extension, e.g. `islm-mtls.pem`. */
    certificateName: string;
    level: 'subaccount' | 'instance';
    /** Password of the generated certificate (`Attributes.Password`); needed by `renew` and `status --check`. */
    password?: Reference;
  };
  aicore?: {
    /** SAP AI Core service key or binding; with `certificate` and `key` for XSUAA-generated certificates. */
    serviceKey: Reference;
    resourceGroup: string;
    /** `certificate-pinning` of the binding, when no setup summary states it. */
    pinning?: boolean;
  };
  s4: {
    /** SAP system id, e.g. `S4D`. */
    system: string;
    client?: string;
    /** SSL client PSE identity in STRUST, e.g. `ISLM`. */
    identity: string;
  };
  /** Output folder of `aicore-mtls setup` for this landscape (its `setup.json` gives pinning and auto-renew). */
  setup?: string;
  /** `Attributes.AutomaticRenew` when no setup summary states it. */
  autoRenew?: boolean;
}

export interface Inventory {
  /** Absolute path of the inventory file; relative references resolve against its folder. */
  path: string;
  landscapes: Landscape[];
}

/** Field names that carry secrets in SAP service keys and keystores; an inventory must not contain them. */
const secretFieldNames = new Set(['clientsecret', 'client_secret', 'key', 'privatekey', 'private_key', 'secret', 'token', 'access_token', 'pin']);
const landscapeNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Validates a parsed inventory document. Every error names the landscape and field, what was
 * expected and what to write instead.
 */
export function parseInventory(document: unknown, path: string): Inventory {
  rejectInlineSecrets(document, path, '$');
  const root = asObject(document, path, '$', 'a mapping with "version: 1" and "landscapes"');
  if (root.version !== 1) invalid(path, '$.version', `must be 1, found ${JSON.stringify(root.version)}`);
  if (!Array.isArray(root.landscapes) || root.landscapes.length === 0) invalid(path, '$.landscapes', 'must be a non-empty list of landscapes');

  const landscapes = (root.landscapes as unknown[]).map((entry, index) => parseLandscape(entry, path, `$.landscapes[${index}]`));
  const seen = new Set<string>();
  for (const landscape of landscapes) {
    if (seen.has(landscape.name)) invalid(path, '$.landscapes', `the landscape name "${landscape.name}" appears twice`);
    seen.add(landscape.name);
  }
  return { path, landscapes };
}

/** Selects one landscape by name, or all of them when `name` is undefined. */
export function selectLandscapes(inventory: Inventory, name: string | undefined): Landscape[] {
  if (name === undefined) return inventory.landscapes;
  const found = inventory.landscapes.find((landscape) => landscape.name === name);
  if (!found) {
    throw new LifecycleError('ERR_LANDSCAPE_UNKNOWN', `the landscape "${name}" is not in the inventory "${inventory.path}"`, {
      fix: `Use one of: ${inventory.landscapes.map((landscape) => landscape.name).join(', ')}.`,
      details: { landscape: name, path: inventory.path },
      exitCode: 2,
    });
  }
  return [found];
}

function parseLandscape(value: unknown, path: string, at: string): Landscape {
  const entry = asObject(value, path, at, 'a landscape mapping');
  const name = requiredString(entry, 'name', path, at);
  if (!landscapeNamePattern.test(name)) invalid(path, `${at}.name`, `"${name}" is not a valid landscape name (letters, digits, "_", "." and "-", at most 64)`);

  const destinationObject = asObject(entry.destination, path, `${at}.destination`, 'a mapping with serviceKey and certificateName');
  const level = destinationObject.level ?? 'subaccount';
  if (level !== 'subaccount' && level !== 'instance') invalid(path, `${at}.destination.level`, `must be "subaccount" or "instance", found ${JSON.stringify(level)}`);
  const destination: Landscape['destination'] = {
    serviceKey: parseReference(destinationObject.serviceKey, path, `${at}.destination.serviceKey`),
    certificateName: requiredString(destinationObject, 'certificateName', path, `${at}.destination`),
    level: level as 'subaccount' | 'instance',
  };
  if (destinationObject.password !== undefined) destination.password = parseReference(destinationObject.password, path, `${at}.destination.password`, { explicit: true });

  let aicore: Landscape['aicore'];
  if (entry.aicore !== undefined) {
    const aicoreObject = asObject(entry.aicore, path, `${at}.aicore`, 'a mapping with serviceKey');
    const pinning = aicoreObject.pinning;
    if (pinning !== undefined && typeof pinning !== 'boolean') invalid(path, `${at}.aicore.pinning`, `must be true or false, found ${JSON.stringify(pinning)}`);
    aicore = {
      serviceKey: parseReference(aicoreObject.serviceKey, path, `${at}.aicore.serviceKey`),
      resourceGroup: optionalString(aicoreObject, 'resourceGroup', path, `${at}.aicore`) ?? 'default',
      ...(pinning === undefined ? {} : { pinning }),
    };
  }

  const s4Object = asObject(entry.s4, path, `${at}.s4`, 'a mapping with system and identity');
  const s4: Landscape['s4'] = {
    system: requiredString(s4Object, 'system', path, `${at}.s4`),
    identity: requiredString(s4Object, 'identity', path, `${at}.s4`),
  };
  const client = s4Object.client;
  if (client !== undefined) {
    if (typeof client !== 'string' && typeof client !== 'number') invalid(path, `${at}.s4.client`, 'must be a client number such as "100"');
    s4.client = String(client).padStart(3, '0');
  }

  const landscape: Landscape = { name, destination, s4 };
  if (aicore) landscape.aicore = aicore;
  const setup = optionalString(entry, 'setup', path, at);
  if (setup !== undefined) landscape.setup = setup;
  if (entry.autoRenew !== undefined) {
    if (typeof entry.autoRenew !== 'boolean') invalid(path, `${at}.autoRenew`, `must be true or false, found ${JSON.stringify(entry.autoRenew)}`);
    landscape.autoRenew = entry.autoRenew;
  }
  return landscape;
}

/**
 * Parses `env:NAME`, `file:PATH` or a bare file path. Anything that looks like key material or
 * a JSON service key is rejected as inline. With `explicit` (passwords) a bare value is
 * rejected too, because a password and a file name cannot be told apart.
 */
export function parseReference(value: unknown, path: string, at: string, options: { explicit?: boolean } = {}): Reference {
  if (typeof value !== 'string' || value.trim() === '') {
    if (typeof value === 'object' && value !== null) inlineSecret(path, at);
    invalid(path, at, 'must be a file path or env:NAME');
  }
  const text = value.trim();
  if (looksLikeSecret(text)) inlineSecret(path, at);
  if (text.startsWith('env:')) {
    const name = text.slice(4);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) invalid(path, at, `"${text}" is not a valid env:NAME reference`);
    return { kind: 'env', name, text };
  }
  if (text.startsWith('file:')) {
    const filePath = text.slice(5);
    if (filePath === '') invalid(path, at, '"file:" needs a path');
    return { kind: 'file', path: filePath, text };
  }
  if (options.explicit) inlineSecret(path, at, 'Write env:NAME or file:PATH, never the password itself.');
  return { kind: 'file', path: text, text };
}

function rejectInlineSecrets(value: unknown, path: string, at: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => rejectInlineSecrets(item, path, `${at}[${index}]`));
    return;
  }
  if (typeof value === 'string') {
    if (looksLikeSecret(value)) inlineSecret(path, at);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [field, child] of Object.entries(value)) {
    if (secretFieldNames.has(field.toLowerCase())) inlineSecret(path, `${at}.${field}`);
    rejectInlineSecrets(child, path, `${at}.${field}`);
  }
}

/** PEM blocks and inline JSON service keys. */
function looksLikeSecret(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text) || /^\s*\{[\s\S]*"(clientsecret|clientid|key|certificate)"/.test(text);
}

function inlineSecret(path: string, at: string, fix?: string): never {
  throw new LifecycleError('ERR_INVENTORY_INLINE_SECRET', `the inventory "${path}" contains a secret at ${at}`, {
    fix: fix ?? 'The inventory holds references only: put the service key or key material in a file (mode 0600) or an environment variable, and write its path or env:NAME instead.',
    details: { path, field: at },
    exitCode: 2,
  });
}

function invalid(path: string, at: string, problem: string): never {
  throw new LifecycleError('ERR_INVENTORY_INVALID', `the inventory "${path}" is invalid at ${at}: ${problem}`, {
    fix: 'Correct the inventory; "aicore-mtls status --help" shows an example.',
    details: { path, field: at },
    exitCode: 2,
  });
}

function asObject(value: unknown, path: string, at: string, expected: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(path, at, `expected ${expected}`);
  return value as Record<string, unknown>;
}

function requiredString(object: Record<string, unknown>, field: string, path: string, at: string): string {
  const value = object[field];
  if (typeof value !== 'string' || value.trim() === '') invalid(path, `${at}.${field}`, 'is missing or not a text value');
  return value.trim();
}

function optionalString(object: Record<string, unknown>, field: string, path: string, at: string): string | undefined {
  if (object[field] === undefined) return undefined;
  return requiredString(object, field, path, at);
}
