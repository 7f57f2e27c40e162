/**
 * The one place that loads @peculiar/x509. Its decorators need the Reflect metadata polyfill
 * before the library itself is evaluated, so every module imports the library from here.
 * Import this file lazily: loading it costs well over 100 ms of start-up.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
