import { smBadRequest } from './errors.ts';

type Value = string | number | boolean;
interface Condition {
  field: string;
  operator: 'eq' | 'ne' | 'in' | 'notin';
  values: Value[];
}

/**
 * Parses Service Manager's `fieldQuery` / `labelQuery` subset: conditions joined by `and`,
 * operators `eq`, `ne`, `in`, `notin`, single-quoted strings (quotes doubled inside), numbers
 * and booleans. Other operators are rejected with 400, naming the operator.
 */
export function parseQuery(text: string, parameter: string): Condition[] {
  const conditions: Condition[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    const head = /^([A-Za-z_][A-Za-z0-9_.\-/]*)\s+([a-z]+)\s+/.exec(rest);
    if (head === null) throw smBadRequest(`invalid ${parameter} "${text}": expected "<field> <operator> <value>"`);
    const field = head[1]!;
    const operator = head[2]!;
    if (!['eq', 'ne', 'in', 'notin'].includes(operator)) {
      throw smBadRequest(`unsupported operator "${operator}" in ${parameter}; the sandbox supports eq, ne, in and notin`);
    }
    rest = rest.slice(head[0].length);
    let values: Value[];
    if (operator === 'in' || operator === 'notin') {
      if (!rest.startsWith('(')) throw smBadRequest(`invalid ${parameter}: "${operator}" needs a list in parentheses`);
      rest = rest.slice(1);
      values = [];
      for (;;) {
        const [value, after] = readValue(rest.trimStart(), parameter, text);
        values.push(value);
        rest = after.trimStart();
        if (rest.startsWith(',')) {
          rest = rest.slice(1);
          continue;
        }
        if (rest.startsWith(')')) {
          rest = rest.slice(1);
          break;
        }
        throw smBadRequest(`invalid ${parameter} "${text}": unterminated list`);
      }
    } else {
      const [value, after] = readValue(rest, parameter, text);
      values = [value];
      rest = after;
    }
    conditions.push({ field, operator: operator as Condition['operator'], values });
    rest = rest.trimStart();
    if (rest.length === 0) break;
    const and = /^and\s+/.exec(rest);
    if (and === null) throw smBadRequest(`invalid ${parameter} "${text}": conditions must be joined with "and"`);
    rest = rest.slice(and[0].length);
  }
  return conditions;
}

function readValue(text: string, parameter: string, whole: string): [Value, string] {
  if (text.startsWith("'")) {
    let value = '';
    let index = 1;
    for (;;) {
      if (index >= text.length) throw smBadRequest(`invalid ${parameter} "${whole}": unterminated string`);
      if (text[index] === "'") {
        if (text[index + 1] === "'") {
          value += "'";
          index += 2;
          continue;
        }
        return [value, text.slice(index + 1)];
      }
      value += text[index];
      index += 1;
    }
  }
  const literal = /^(true|false|-?\d+(?:\.\d+)?)/.exec(text);
  if (literal === null) throw smBadRequest(`invalid ${parameter} "${whole}": strings must be in single quotes`);
  const raw = literal[1]!;
  let value: Value = Number(raw);
  if (raw === 'true') value = true;
  if (raw === 'false') value = false;
  return [value, text.slice(raw.length)];
}

/** Filters objects by a fieldQuery; `fields` lists the queryable field names. */
export function applyFieldQuery<T extends object>(items: T[], text: string | null, fields: string[]): T[] {
  if (text === null || text.trim() === '') return items;
  const conditions = parseQuery(text, 'fieldQuery');
  for (const condition of conditions) {
    if (!fields.includes(condition.field)) {
      throw smBadRequest(`unsupported field query key: ${condition.field}; supported keys are ${fields.join(', ')}`);
    }
  }
  return items.filter((item) =>
    conditions.every((condition) => matches((item as Record<string, unknown>)[condition.field], condition)),
  );
}

/** Filters objects with `labels: {key: [values]}` by a labelQuery. */
export function applyLabelQuery<T extends { labels: Record<string, string[]> }>(items: T[], text: string | null): T[] {
  if (text === null || text.trim() === '') return items;
  const conditions = parseQuery(text, 'labelQuery');
  return items.filter((item) =>
    conditions.every((condition) => {
      const values = item.labels[condition.field] ?? [];
      const hit = values.some((value) => condition.values.includes(value));
      return condition.operator === 'eq' || condition.operator === 'in' ? hit : !hit;
    }),
  );
}

function matches(actual: unknown, condition: Condition): boolean {
  const hit = condition.values.some((value) => value === actual || String(value) === String(actual));
  return condition.operator === 'eq' || condition.operator === 'in' ? hit : !hit;
}
