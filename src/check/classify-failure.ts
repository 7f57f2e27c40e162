import { diagnose, type Diagnosis } from '../doctor/diagnoses.ts';
import { AicoreMtlsError } from '../errors.ts';

/** Exit codes of `check`, one per diagnosis family a script may branch on. */
export const checkExitCodes = {
  TOKEN_URL_NOT_CERTURL: 3,
  CLIENT_CERTIFICATE_NOT_PRESENTED: 4,
  CLIENT_CERTIFICATE_REJECTED: 5,
  CLIENT_SECRET_REJECTED: 5,
  SERVER_UNTRUSTED: 6,
  AICORE_UNAUTHORIZED: 7,
  AICORE_FORBIDDEN: 7,
  AICORE_RESOURCE_GROUP_NOT_FOUND: 8,
  NETWORK_UNREACHABLE: 9,
  CONNECTION_RESET: 9,
  KEY_MISMATCH: 10,
  CERTIFICATE_EXPIRED: 10,
  CERTIFICATE_NOT_YET_VALID: 10,
} as const satisfies Record<string, number>;

export function exitCodeForDiagnosis(code: string): number {
  return (checkExitCodes as Record<string, number>)[code] ?? 1;
}

const byErrorCode: Record<string, string> = {
  ERR_XSUAA_TOKEN_URL_NOT_CERTURL: 'TOKEN_URL_NOT_CERTURL',
  ERR_XSUAA_INVALID_REQUEST: 'CLIENT_ID_MISSING',
  ERR_TLS_CLIENT_CERTIFICATE_REQUIRED: 'CLIENT_CERTIFICATE_NOT_PRESENTED',
  ERR_XSUAA_CLIENT_IDENTITY_MISSING: 'CLIENT_CERTIFICATE_NOT_PRESENTED',
  ERR_TLS_CLIENT_CERTIFICATE_REJECTED: 'CLIENT_CERTIFICATE_REJECTED',
  ERR_TLS_SERVER_UNTRUSTED: 'SERVER_UNTRUSTED',
  ERR_TLS_SERVER_CERTIFICATE_EXPIRED: 'SERVER_UNTRUSTED',
  ERR_TLS_HOSTNAME_MISMATCH: 'SERVER_UNTRUSTED',
  ERR_TLS_KEY_MISMATCH: 'KEY_MISMATCH',
  ERR_AICORE_UNAUTHORIZED: 'AICORE_UNAUTHORIZED',
  ERR_AICORE_FORBIDDEN: 'AICORE_FORBIDDEN',
  ERR_AICORE_RESOURCE_GROUP_NOT_FOUND: 'AICORE_RESOURCE_GROUP_NOT_FOUND',
  ERR_HTTP_CONNECTION_REFUSED: 'NETWORK_UNREACHABLE',
  ERR_HTTP_HOST_NOT_FOUND: 'NETWORK_UNREACHABLE',
  ERR_HTTP_CONNECT_TIMEOUT: 'NETWORK_UNREACHABLE',
  ERR_HTTP_TIMEOUT: 'NETWORK_UNREACHABLE',
  ERR_HTTP_PROXY_FAILED: 'NETWORK_UNREACHABLE',
  ERR_HTTP_CONNECTION_RESET: 'CONNECTION_RESET',
};

/**
 * Names the failure of a token or API call. `authentication` separates a rejected
 * certificate from a rejected secret, which XSUAA reports with the same 401.
 */
export function classifyFailure(error: unknown, authentication: 'certificate' | 'secret'): Diagnosis {
  if (!(error instanceof AicoreMtlsError)) {
    return diagnose('CHECK_FAILED', [error instanceof Error ? error.message : String(error)]);
  }
  const evidence = [`${error.message} [${error.code}]`];
  const requestId = error.details.requestId;
  if (typeof requestId === 'string') evidence.push(`request id ${requestId}`);

  if (error.code === 'ERR_XSUAA_CLIENT_IDENTITY_MISSING') {
    // The key file lacks the private key; the fix lies on the workstation, not in STRUST.
    const diagnosis = diagnose('CLIENT_CERTIFICATE_NOT_PRESENTED', evidence);
    return {
      ...diagnosis,
      fix: `On this workstation, give the certificate and key (--bundle FILE, or --cert FILE --key FILE), or use the aicore-service-key.json that setup wrote, which contains the key. In S/4HANA the same diagnosis means: ${diagnosis.fix}`,
    };
  }
  if (error.code === 'ERR_XSUAA_CLIENT_REJECTED') {
    return diagnose(authentication === 'certificate' ? 'CLIENT_CERTIFICATE_REJECTED' : 'CLIENT_SECRET_REJECTED', evidence);
  }
  return diagnose(byErrorCode[error.code] ?? 'CHECK_FAILED', evidence);
}
