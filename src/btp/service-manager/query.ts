/** Quotes a string for `fieldQuery`/`labelQuery`: single quotes, with quotes inside doubled. */
export function quoteQueryValue(value: string): string {
  // NOTE: SAP documents single-quoted strings but not how to escape a quote inside one; doubling follows OData.
  return `'${value.replace(/'/g, "''")}'`;
}

/** `field eq 'value'`. */
export function equals(field: string, value: string): string {
  return `${field} eq ${quoteQueryValue(value)}`;
}

/** `field in ('a','b')`. */
export function isIn(field: string, values: readonly string[]): string {
  return `${field} in (${values.map(quoteQueryValue).join(',')})`;
}

/** Normalises an operation state: `IN_PROGRESS`, `In Progress` → `in progress`. */
export function normalizeState(state: unknown): string {
  return typeof state === 'string' ? state.toLowerCase().replace(/_/g, ' ').trim() : '';
}
