/**
 * Redaction of secrets in everything the CLI prints.
 *
 * Two layers: values known to be secret (passwords, client secrets, tokens, private key PEMs)
 * are registered when they are read and replaced wherever they appear; object fields whose
 * names mark them as secret are replaced regardless of their value.
 */

const registered = new Set<string>();

/** Field names whose values are always secret, as SAP and OAuth spell them. */
const secretFieldPattern =
  /^(clientsecret|client_secret|password|passphrase|key|private_?key|privateKey|access_token|refresh_token|id_token|token|secret|Password|KeyStorePassword|Content)$/i;

const privateKeyBlock = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;

export const redactedMarker = '[redacted]';

/** Marks a value as secret so that every later redaction removes it. Short values are ignored. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string') return;
  if (value.length < 4) return;
  registered.add(value);
}

/** Replaces registered secrets and private key PEM blocks in a text. */
export function redactText(text: string): string {
  let result = text.replace(privateKeyBlock, `-----BEGIN $1-----\n${redactedMarker}\n-----END $1-----`);
  for (const secret of registered) {
    if (result.includes(secret)) result = result.split(secret).join(redactedMarker);
  }
  return result;
}

/**
 * Returns a deep copy of `value` with secret fields and registered secrets replaced.
 * `allow` names fields the user explicitly asked to see.
 */
export function redactValue(value: unknown, allow: ReadonlySet<string> = new Set()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, allow));
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();

  const copy: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    if (!allow.has(name) && secretFieldPattern.test(name) && typeof field === 'string' && field !== '') {
      copy[name] = redactedMarker;
    } else {
      copy[name] = redactValue(field, allow);
    }
  }
  return copy;
}
