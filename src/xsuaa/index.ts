export { XsuaaError, type XsuaaErrorCode } from './errors.ts';
export { checkCertUrl, compareCertUrl, fetchOpenIdConfiguration, type CertUrlCheck, type OpenIdConfiguration } from './openid-configuration.ts';
export { defaultTokenCache, TokenCache } from './token-cache.ts';
export {
  createTokenProvider,
  fetchClientCredentialsToken,
  planTokenRequest,
  tokenEndpoint,
  type AccessToken,
  type AccessTokenProvider,
  type TokenRequestOptions,
} from './token.ts';
