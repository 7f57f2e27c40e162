import { badRequest } from './certificate-files.ts';
import type { StoredCertificate } from './model.ts';
import { metadataFields, type MetadataField } from './store.ts';

/** The list query of `GET /v1/{L}`, validated. */
export interface ListQuery {
  filter?: (certificate: StoredCertificate) => boolean;
  selectNameOnly: boolean;
  page?: number;
  pageSize: number;
  pageCount: boolean;
  entityCount: boolean;
  metadata: MetadataField[];
}

const knownParameters = ['$filter', '$select', '$page', '$pageSize', '$pageCount', '$entityCount', '$includeMetadata'];

export function parseListQuery(parameters: URLSearchParams): ListQuery {
  for (const name of parameters.keys()) {
    if (!knownParameters.includes(name)) throw badRequest(`unknown query parameter "${name}"`);
  }
  const modes = ['$filter', '$select', '$page'].filter((name) => parameters.has(name));
  if (modes.length > 1) throw badRequest(`${modes.join(' and ')} cannot be combined; use one of $filter, $select and $page`);

  const query: ListQuery = {
    selectNameOnly: false,
    pageSize: 10,
    pageCount: booleanParameter(parameters, '$pageCount'),
    entityCount: booleanParameter(parameters, '$entityCount'),
    metadata: parseMetadata(parameters.get('$includeMetadata')),
  };

  const select = parameters.get('$select');
  if (select !== null) {
    if (select !== 'Name') throw badRequest(`$select supports only "Name", got "${select}"`);
    query.selectNameOnly = true;
  }
  const filter = parameters.get('$filter');
  if (filter !== null) query.filter = parseFilter(filter);

  const page = parameters.get('$page');
  if (page !== null) {
    query.page = integerParameter('$page', page, 1, Number.MAX_SAFE_INTEGER);
  }
  const pageSize = parameters.get('$pageSize');
  if (pageSize !== null) {
    if (page === null) throw badRequest('$pageSize needs $page');
    query.pageSize = integerParameter('$pageSize', pageSize, 1, 1000);
  }
  return query;
}

function parseMetadata(value: string | null): MetadataField[] {
  if (value === null) return [];
  const fields = value.split(';').map((field) => field.trim()).filter((field) => field !== '');
  for (const field of fields) {
    if (!(metadataFields as string[]).includes(field)) throw badRequest(`unknown $includeMetadata field "${field}"; expected ${metadataFields.join(';')}`);
  }
  return fields as MetadataField[];
}

function booleanParameter(parameters: URLSearchParams, name: string): boolean {
  const value = parameters.get(name);
  if (value === null) return false;
  if (value !== 'true' && value !== 'false') throw badRequest(`${name} must be true or false, got "${value}"`);
  return value === 'true';
}

function integerParameter(name: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) throw badRequest(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return number;
}

/** Parses a quoted list `('a','b')`; quotes inside values are doubled, as in OData. */
export function parseQuotedList(text: string, where: string): string[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('(') || !trimmed.endsWith(')')) throw badRequest(`${where}: expected a list in parentheses such as ('a.pem','b.pem')`);
  const inner = trimmed.slice(1, -1).trim();
  const values: string[] = [];
  let index = 0;
  while (index < inner.length) {
    if (inner[index] !== "'") throw badRequest(`${where}: every value must be in single quotes`);
    let value = '';
    index += 1;
    for (;;) {
      if (index >= inner.length) throw badRequest(`${where}: unterminated quoted value`);
      if (inner[index] === "'") {
        if (inner[index + 1] === "'") {
          value += "'";
          index += 2;
          continue;
        }
        index += 1;
        break;
      }
      value += inner[index];
      index += 1;
    }
    values.push(value);
    while (inner[index] === ' ') index += 1;
    if (index < inner.length) {
      if (inner[index] !== ',') throw badRequest(`${where}: values must be separated by commas`);
      index += 1;
      while (inner[index] === ' ') index += 1;
    }
  }
  if (values.length === 0) throw badRequest(`${where}: the list is empty`);
  return values;
}

/** `Name in ('a','b')` or `Label['key'] HAS ('v1','v2')`. */
function parseFilter(filter: string): (certificate: StoredCertificate) => boolean {
  const nameIn = /^\s*Name\s+in\s+(\(.*\))\s*$/.exec(filter);
  if (nameIn !== null) {
    const names = parseQuotedList(nameIn[1]!, '$filter');
    return (certificate) => names.includes(certificate.Name);
  }
  const labelHas = /^\s*Label\['((?:[^']|'')+)'\]\s+HAS\s+(\(.*\))\s*$/.exec(filter);
  if (labelHas !== null) {
    const key = labelHas[1]!.replace(/''/g, "'");
    const values = parseQuotedList(labelHas[2]!, '$filter');
    return (certificate) => certificate.labels.some((label) => label.key === key && label.values.some((value) => values.includes(value)));
  }
  throw badRequest(`unsupported $filter "${filter}"; expected Name in ('a.pem',…) or Label['key'] HAS ('value',…)`);
}
