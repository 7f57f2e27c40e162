import { logDebug } from '../../diagnostics.ts';
import type { SandboxCore } from '../core.ts';
import { formatOfName } from './certificate-files.ts';
import { etagOf } from './store.ts';
import { issueGeneratedFile, validityEnd } from './generation.ts';
import type { GenerationRecord, StoredCertificate } from './model.ts';

const hour = 3600_000;
const day = 24 * hour;

/**
 * Returns how long before expiry the Destination service first tries to renew, by the
 * requested validity. SAP's table for automatic renewal:
 * - 1 day → 12 h; 2–14 days → 1 day; 15–31 days → 3 days; 32–154 days → 7 days;
 *   155–365 days → 30 days;
 * - 1 month → 3 days; 2–5 months → 7 days; 6–12 months → 30 days;
 * - any number of years → 30 days.
 */
export function renewalLeadMs(validity: GenerationRecord['validity']): number {
  const { TimeUnit: unit, Value: value } = validity;
  if (unit === 'DAYS') {
    if (value <= 1) return 12 * hour;
    if (value <= 14) return day;
    if (value <= 31) return 3 * day;
    if (value <= 154) return 7 * day;
    return 30 * day;
  }
  if (unit === 'MONTHS') {
    if (value <= 1) return 3 * day;
    if (value <= 5) return 7 * day;
    return 30 * day;
  }
  return 30 * day;
}

/**
 * Runs automatic renewal as SAP's periodic job would have by now. A certificate with
 * AutomaticRenew is due when its renewal time (notAfter minus the lead) has passed on the
 * sandbox clock. It then gets a fresh key and certificate with the same subject and validity,
 * issued at that renewal time. After a long clock jump only the last due renewal is issued,
 * and the skipped ones are counted. Runs are chained, so readers can wait for the renewals a
 * clock change caused.
 */
export class RenewalJob {
  private chain: Promise<number> = Promise.resolve(0);

  constructor(private readonly core: SandboxCore) {}

  /** Queues a run and resolves with the number of certificates renewed by it. */
  run(): Promise<number> {
    this.chain = this.chain.catch(() => 0).then(() => this.renewAll());
    return this.chain;
  }

  private async renewAll(): Promise<number> {
    const now = this.core.clock.now();
    const stores = [this.core.state.destination.subaccount, ...Object.values(this.core.state.destination.instances)];
    let renewed = 0;
    for (const store of stores) {
      for (const certificate of store) {
        try {
          if (await this.renewIfDue(certificate, now)) renewed += 1;
        } catch (error) {
          // SAP retries a failed renewal on the next run; so does the sandbox.
          logDebug('sandbox', 'certificate renewal failed', { name: certificate.Name, error: String(error) });
        }
      }
    }
    if (renewed > 0) this.core.markDirty();
    return renewed;
  }

  private async renewIfDue(certificate: StoredCertificate, now: Date): Promise<boolean> {
    const generation = certificate.generation;
    if (generation === undefined || !generation.autoRenew) return false;
    const lead = renewalLeadMs(generation.validity);
    let notAfter = new Date(generation.notAfter);
    let renewalTime = new Date(notAfter.getTime() - lead);
    if (renewalTime > now) return false;

    let count = 0;
    let issueAt = renewalTime;
    while (renewalTime <= now) {
      issueAt = renewalTime;
      count += 1;
      notAfter = validityEnd(issueAt, generation.validity);
      renewalTime = new Date(notAfter.getTime() - lead);
    }

    const format = formatOfName(certificate.Name)!.format;
    const issued = await issueGeneratedFile(this.core, certificate.Name, format, generation, issueAt);
    certificate.contentBase64 = issued.contentBase64;
    certificate.modificationTime = issueAt.getTime();
    certificate.etag = etagOf(certificate);
    generation.notBefore = issued.notBefore.toISOString();
    generation.notAfter = issued.notAfter.toISOString();
    generation.subject = issued.subject;
    generation.renewals += count;
    logDebug('sandbox', 'certificate renewed', { name: certificate.Name, notBefore: generation.notBefore, skipped: count - 1 });
    return true;
  }
}

