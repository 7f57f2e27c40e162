import { smBadRequest } from './errors.ts';

const defaultPageSize = 50;
const maxPageSize = 1000;

/**
 * Service Manager paging: `max_items` (default 50) and an opaque `token` for the next page.
 * Returns `{"token"?, "num_items", "items"}`; `token` appears only when more items follow.
 */
export function page<T>(items: T[], parameters: URLSearchParams): { token?: string; num_items: number; items: T[] } {
  const maxItemsText = parameters.get('max_items');
  let maxItems = defaultPageSize;
  if (maxItemsText !== null) {
    maxItems = Number(maxItemsText);
    if (!/^\d+$/.test(maxItemsText) || maxItems > maxPageSize) {
      throw smBadRequest(`max_items must be a whole number from 0 to ${maxPageSize}, got "${maxItemsText}"`);
    }
  }
  let offset = 0;
  const token = parameters.get('token');
  if (token !== null && token !== '') {
    const decoded = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (decoded === null) throw smBadRequest('invalid paging token; use the token of the previous response');
    offset = Number(decoded[1]);
  }
  const slice = items.slice(offset, offset + maxItems);
  const next = offset + slice.length;
  const result: { token?: string; num_items: number; items: T[] } = { num_items: items.length, items: slice };
  if (next < items.length && maxItems > 0) result.token = Buffer.from(`o${next}`).toString('base64url');
  return result;
}
