import type { CertificateValidity } from '../setup/validity.ts';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

/** How long before expiry the Destination service first tries to renew, for one validity length. */
export interface RenewalLead {
  /** The row of SAP's table that applies, for example `155–365 days`. */
  row: string;
  milliseconds: number;
  /** `30 days`, `12 hours`. */
  label: string;
}

/**
 * Returns the Destination service's renewal lead for a validity: how long before expiry the
 * first renewal attempt runs ("Automatic Renewal of Generated Certificates", SAP BTP
 * Connectivity documentation). SAP lists validity in days up to 365, in months up to 12, and "any number of years".
 * Validities beyond those rows (more than 365 days, more than 12 months) get the years row,
 * 30 days; the table does not state this.
 */
export function renewalLeadFor(validity: CertificateValidity): RenewalLead {
  const { TimeUnit: unit, Value: value } = validity;
  if (unit === 'YEARS') return lead('any number of years', 30 * day, '30 days');
  if (unit === 'MONTHS') {
    if (value <= 1) return lead('1 month', 3 * day, '3 days');
    if (value <= 5) return lead('2–5 months', 7 * day, '7 days');
    if (value <= 12) return lead('6–12 months', 30 * day, '30 days');
    return lead('more than 12 months (years row)', 30 * day, '30 days');
  }
  if (value <= 1) return lead('1 day', 12 * hour, '12 hours');
  if (value <= 14) return lead('2–14 days', day, '1 day');
  if (value <= 31) return lead('15–31 days', 3 * day, '3 days');
  if (value <= 154) return lead('32–154 days', 7 * day, '7 days');
  if (value <= 365) return lead('155–365 days', 30 * day, '30 days');
  return lead('more than 365 days (years row)', 30 * day, '30 days');
}

/**
 * Computes the validity length a certificate shows, in whole days. The service may date
 * `notBefore` a little before issue, so the span is rounded to the nearest day. A one-year
 * certificate then counts 365 or 366 days.
 */
export function validityFromDates(notBefore: Date, notAfter: Date): CertificateValidity {
  const days = Math.max(1, Math.round((notAfter.getTime() - notBefore.getTime()) / day));
  return { TimeUnit: 'DAYS', Value: days };
}

export type AutoRenewState = 'on' | 'off' | 'unknown';

export interface RenewalInput {
  notBefore: Date;
  notAfter: Date;
  autoRenew: AutoRenewState;
  /** The validity requested at generation; without it the span of the certificate dates is used. */
  validity?: CertificateValidity;
  now: Date;
}

export interface RenewalPlan {
  notBefore: Date;
  notAfter: Date;
  validity: CertificateValidity;
  validitySource: 'requested' | 'certificate';
  autoRenew: AutoRenewState;
  lead: RenewalLead;
  /** When the Destination service first tries to renew (notAfter − lead); meaningful unless auto-renew is off. */
  renewalAttemptAt: Date;
  /** Suggested date for the S/4HANA re-import; see `reimportRule`. */
  reimportBy: Date;
  reimportRule: string;
  expired: boolean;
  /** True when the renewal attempt date is already past (auto-renew on or unknown). */
  renewalDue: boolean;
}

/**
 * Returns the cushion between the renewal attempt and the suggested re-import. It is three
 * days, so that a failed first attempt can be retried on the service's next run, but never more
 * than half the time left between the attempt and expiry.
 */
export function reimportCushion(leadMilliseconds: number): number {
  return Math.min(3 * day, leadMilliseconds / 2);
}

/**
 * Plans the renewal dates. With automatic renewal on (or unknown), the Destination service
 * renews `lead` before expiry, and S/4HANA must re-import the renewed material before the
 * old certificate's `notAfter`. The suggested date adds the cushion of `reimportCushion`.
 * With automatic renewal off, nothing renews, so the suggestion is the same lead before
 * expiry, for a certificate the admin must create by hand.
 */
export function planRenewal(input: RenewalInput): RenewalPlan {
  const validitySource = input.validity ? 'requested' : 'certificate';
  const validity = input.validity ?? validityFromDates(input.notBefore, input.notAfter);
  const renewalLead = renewalLeadFor(validity);
  const notAfter = input.notAfter.getTime();
  const renewalAttemptAt = new Date(Math.max(input.notBefore.getTime(), notAfter - renewalLead.milliseconds));

  let reimportBy: Date;
  let reimportRule: string;
  if (input.autoRenew === 'off') {
    reimportBy = renewalAttemptAt;
    reimportRule = `Automatic renewal is off: create a new certificate and import it ${renewalLead.label} before expiry (the lead SAP's renewal would use), at the latest before notAfter.`;
  } else {
    const cushion = reimportCushion(notAfter - renewalAttemptAt.getTime());
    reimportBy = new Date(renewalAttemptAt.getTime() + cushion);
    reimportRule = `Re-import after SAP BTP renewed the certificate (${renewalLead.label} before expiry) plus ${describeDuration(cushion)} for a retry of the renewal job, and in any case before notAfter.`;
  }

  return {
    notBefore: input.notBefore,
    notAfter: input.notAfter,
    validity,
    validitySource,
    autoRenew: input.autoRenew,
    lead: renewalLead,
    renewalAttemptAt,
    reimportBy,
    reimportRule,
    expired: input.now.getTime() >= notAfter,
    renewalDue: input.autoRenew !== 'off' && input.now.getTime() >= renewalAttemptAt.getTime(),
  };
}

/** `3 days`, `12 hours`, `90 minutes`: the largest whole unit. */
export function describeDuration(milliseconds: number): string {
  const units: Array<[number, string]> = [
    [day, 'day'],
    [hour, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, name] of units) {
    if (milliseconds >= size && milliseconds % size === 0) {
      const count = milliseconds / size;
      return `${count} ${name}${count === 1 ? '' : 's'}`;
    }
  }
  const minutes = Math.round(milliseconds / 60_000);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function lead(row: string, milliseconds: number, label: string): RenewalLead {
  return { row, milliseconds, label };
}
