import { UsageError } from '../errors.ts';

/** Validity as the Destination service's `Attributes.Validity` spells it. */
export interface CertificateValidity {
  TimeUnit: 'DAYS' | 'MONTHS' | 'YEARS';
  Value: number;
}

const units: Record<string, CertificateValidity['TimeUnit']> = {
  d: 'DAYS',
  day: 'DAYS',
  days: 'DAYS',
  m: 'MONTHS',
  month: 'MONTHS',
  months: 'MONTHS',
  y: 'YEARS',
  year: 'YEARS',
  years: 'YEARS',
};

/** Parses `--validity` values such as `1y`, `6m`, `90d` or `2 years`. */
export function parseValidity(text: string): CertificateValidity {
  const match = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(text);
  const unit = match ? units[match[2]!.toLowerCase()] : undefined;
  const value = match ? Number(match[1]) : NaN;
  if (!match || unit === undefined || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`invalid --validity "${text}"`, {
      fix: 'Give a whole number and a unit: d (days), m (months) or y (years), for example 1y, 6m or 90d.',
    });
  }
  return { TimeUnit: unit, Value: value };
}

/** Formats a validity for messages: `1 year`, `90 days`. */
export function describeValidity(validity: CertificateValidity): string {
  const noun = validity.TimeUnit.toLowerCase().replace(/s$/, '');
  return `${validity.Value} ${noun}${validity.Value === 1 ? '' : 's'}`;
}
