import assert from 'node:assert/strict';
import { test } from 'node:test';

import { planRenewal, reimportCushion, renewalLeadFor, validityFromDates } from '../../src/s4/renewal.ts';
import type { CertificateValidity } from '../../src/setup/validity.ts';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

const rows: Array<[CertificateValidity, number, string]> = [
  [{ TimeUnit: 'DAYS', Value: 1 }, 12 * hour, '1 day'],
  [{ TimeUnit: 'DAYS', Value: 2 }, day, '2–14 days'],
  [{ TimeUnit: 'DAYS', Value: 14 }, day, '2–14 days'],
  [{ TimeUnit: 'DAYS', Value: 15 }, 3 * day, '15–31 days'],
  [{ TimeUnit: 'DAYS', Value: 31 }, 3 * day, '15–31 days'],
  [{ TimeUnit: 'DAYS', Value: 32 }, 7 * day, '32–154 days'],
  [{ TimeUnit: 'DAYS', Value: 154 }, 7 * day, '32–154 days'],
  [{ TimeUnit: 'DAYS', Value: 155 }, 30 * day, '155–365 days'],
  [{ TimeUnit: 'DAYS', Value: 365 }, 30 * day, '155–365 days'],
  [{ TimeUnit: 'DAYS', Value: 366 }, 30 * day, 'more than 365 days (years row)'],
  [{ TimeUnit: 'MONTHS', Value: 1 }, 3 * day, '1 month'],
  [{ TimeUnit: 'MONTHS', Value: 2 }, 7 * day, '2–5 months'],
  [{ TimeUnit: 'MONTHS', Value: 5 }, 7 * day, '2–5 months'],
  [{ TimeUnit: 'MONTHS', Value: 6 }, 30 * day, '6–12 months'],
  [{ TimeUnit: 'MONTHS', Value: 12 }, 30 * day, '6–12 months'],
  [{ TimeUnit: 'MONTHS', Value: 18 }, 30 * day, 'more than 12 months (years row)'],
  [{ TimeUnit: 'YEARS', Value: 1 }, 30 * day, 'any number of years'],
  [{ TimeUnit: 'YEARS', Value: 3 }, 30 * day, 'any number of years'],
];

for (const [validity, lead, row] of rows) {
  test(`renewal lead for ${validity.Value} ${validity.TimeUnit}`, () => {
    const result = renewalLeadFor(validity);
    assert.equal(result.milliseconds, lead);
    assert.equal(result.row, row);
  });
}

test('validity from one-year dates', () => {
  const validity = validityFromDates(new Date('2026-05-01T09:55:00Z'), new Date('2027-05-01T10:00:00Z'));
  assert.deepEqual(validity, { TimeUnit: 'DAYS', Value: 365 });
});

test('validity from leap-year dates', () => {
  const validity = validityFromDates(new Date('2027-05-01T10:00:00Z'), new Date('2028-05-01T10:00:00Z'));
  assert.deepEqual(validity, { TimeUnit: 'DAYS', Value: 366 });
  assert.equal(renewalLeadFor(validity).milliseconds, 30 * day);
});

test('plan with auto-renew on, one year', () => {
  const plan = planRenewal({
    notBefore: new Date('2026-05-01T10:00:00Z'),
    notAfter: new Date('2027-05-01T10:00:00Z'),
    autoRenew: 'on',
    now: new Date('2026-05-02T00:00:00Z'),
  });
  assert.equal(plan.renewalAttemptAt.toISOString(), '2027-04-01T10:00:00.000Z');
  assert.equal(plan.reimportBy.toISOString(), '2027-04-04T10:00:00.000Z');
  assert.equal(plan.validitySource, 'certificate');
  assert.equal(plan.expired, false);
  assert.equal(plan.renewalDue, false);
  assert.match(plan.reimportRule, /plus 3 days/);
});

test('plan with a 3-month certificate', () => {
  const plan = planRenewal({
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2026-04-01T00:00:00Z'),
    autoRenew: 'on',
    validity: { TimeUnit: 'MONTHS', Value: 3 },
    now: new Date('2026-01-02T00:00:00Z'),
  });
  assert.equal(plan.lead.label, '7 days');
  assert.equal(plan.renewalAttemptAt.toISOString(), '2026-03-25T00:00:00.000Z');
  assert.equal(plan.reimportBy.toISOString(), '2026-03-28T00:00:00.000Z');
  assert.equal(plan.validitySource, 'requested');
});

test('plan keeps the cushion within half the lead', () => {
  const plan = planRenewal({
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2026-01-11T00:00:00Z'),
    autoRenew: 'on',
    now: new Date('2026-01-01T01:00:00Z'),
  });
  assert.equal(plan.lead.label, '1 day');
  assert.equal(plan.reimportBy.toISOString(), '2026-01-10T12:00:00.000Z');
  assert.ok(plan.reimportBy < plan.notAfter);
  assert.equal(reimportCushion(30 * day), 3 * day);
  assert.equal(reimportCushion(12 * hour), 6 * hour);
});

test('plan with auto-renew off', () => {
  const plan = planRenewal({
    notBefore: new Date('2026-05-01T10:00:00Z'),
    notAfter: new Date('2027-05-01T10:00:00Z'),
    autoRenew: 'off',
    now: new Date('2026-05-02T00:00:00Z'),
  });
  assert.equal(plan.reimportBy.toISOString(), '2027-04-01T10:00:00.000Z');
  assert.match(plan.reimportRule, /Automatic renewal is off/);
  assert.equal(plan.renewalDue, false);
});

test('plan flags due renewal and expiry', () => {
  const notBefore = new Date('2026-05-01T10:00:00Z');
  const notAfter = new Date('2027-05-01T10:00:00Z');
  const due = planRenewal({ notBefore, notAfter, autoRenew: 'unknown', now: new Date('2027-04-10T00:00:00Z') });
  assert.equal(due.renewalDue, true);
  assert.equal(due.expired, false);
  const expired = planRenewal({ notBefore, notAfter, autoRenew: 'on', now: new Date('2027-05-02T00:00:00Z') });
  assert.equal(expired.expired, true);
});

test('plan clamps one-day renewal to notBefore', () => {
  const plan = planRenewal({
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2026-01-01T06:00:00Z'),
    autoRenew: 'on',
    now: new Date('2026-01-01T00:00:00Z'),
  });
  assert.equal(plan.renewalAttemptAt.toISOString(), '2026-01-01T00:00:00.000Z');
  assert.ok(plan.reimportBy <= plan.notAfter);
});
