import { HttpError } from '../http.ts';

/** Service Manager's error body: `{"error":"<type>","description":"…"}`. */
export function smError(status: number, error: string, description: string, headers: Record<string, string> = {}): HttpError {
  return new HttpError(status, { error, description }, description, headers);
}

export function smBadRequest(description: string): HttpError {
  return smError(400, 'BadRequest', description);
}

export function smNotFound(resource: string): HttpError {
  return smError(404, 'NotFound', `could not find such ${resource}`);
}
