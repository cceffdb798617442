import { customerIdFor, normaliseEmail, normalisePhone } from '@csp/contracts';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { customerPopulation, simCustomer } from './customer-population';
import { LOCALES } from './locales';
import { phoneNumber } from './contact-details';
import { customerRef } from './sim-customer';

describe('customerPopulation', () => {
  const population = customerPopulation(42, 3_000);

  it('gives every customer valid, already normalised, distinct identifiers', () => {
    for (const c of population) {
      expect(normaliseEmail(c.email)).toBe(c.email);
      expect(c.email).toMatch(/^[a-z0-9.]+@[a-z.]+$/);
      if (c.phone) {
        expect(parsePhoneNumberFromString(c.phone)?.isValid()).toBe(true);
        expect(normalisePhone(c.phone)).toBe(c.phone);
      }
    }
    for (const key of ['email', 'phone', 'externalId', 'anonymousId'] as const) {
      const values = population.map((c) => c[key]).filter((v) => v !== undefined);
      expect(new Set(values).size).toBe(values.length);
    }
    expect(new Set(population.map((c) => customerIdFor(customerRef(c, 'externalId')))).size).toBe(population.length);
  });

  it('uses phone plans whose every number is valid', () => {
    for (const plan of LOCALES.flatMap((l) => l.phonePlans)) {
      for (const index of [0, 1, 9_999, 123_456, 999_999]) {
        const phone = phoneNumber(plan, index, 987_654_321);
        expect([phone, parsePhoneNumberFromString(phone)?.isValid()]).toEqual([phone, true]);
      }
    }
  });

  it('mixes tiers, locales and channels of contact', () => {
    const share = (pred: (c: (typeof population)[number]) => boolean) => population.filter(pred).length / population.length;
    expect(share((c) => c.tier === 'vip')).toBeGreaterThan(0.02);
    expect(share((c) => c.tier === 'gold')).toBeGreaterThan(0.1);
    expect(share((c) => c.phone !== undefined)).toBeGreaterThan(0.5);
    expect(share((c) => c.social !== undefined)).toBeGreaterThan(0.2);
    expect(new Set(population.map((c) => c.locale.locale)).size).toBe(LOCALES.length);
  });

  it('gives real calendar birthdays', () => {
    for (const c of population) {
      expect(c.birthday).toMatch(/^(19[5-9]\d|200[0-6])-\d{2}-\d{2}$/);
      expect(new Date(`${c.birthday}T00:00:00Z`).toISOString().slice(0, 10)).toBe(c.birthday);
    }
  });

  it('keeps customer i the same person at any population size, and differs by seed', () => {
    expect(customerPopulation(42, 5)).toEqual(population.slice(0, 5));
    expect(simCustomer(42, 17)).toEqual(population[17]);
    expect(simCustomer(43, 17).email).not.toBe(population[17].email);
  });

  it('never builds an empty customer reference', () => {
    const noPhone = population.find((c) => !c.phone);
    expect(noPhone && customerRef(noPhone, 'phone')).toEqual({ email: noPhone?.email });
    expect(customerRef(population[0], 'name', 'externalId')).toEqual({ name: population[0].name, externalId: population[0].externalId });
  });
});
