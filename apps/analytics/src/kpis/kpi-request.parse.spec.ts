import { ValidationError } from '@csp/platform-nest';
import { parseKpiRequest, refuseBusinessHoursUnlessDuration } from './kpi-request.parse';

const NOW = new Date('2026-12-01T12:00:00Z');

function errorsOf(query: Record<string, string | string[]>) {
  try {
    parseKpiRequest('nps', query, NOW);
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('parseKpiRequest', () => {
  it('defaults to the 30 days before now, median, first resolution', () => {
    expect(parseKpiRequest('nps', {}, NOW)).toEqual({
      metric: 'nps', from: new Date('2026-11-01T12:00:00Z'), to: NOW, interval: undefined, groupBy: undefined,
      filters: {}, extraFilters: {}, stat: 'median', resolution: 'first', compare: undefined, businessHours: false,
    });
  });

  it('reads multi-value filters (comma lists and repeated parameters), deduplicated', () => {
    const request = parseKpiRequest('sla_compliance', { team: 'a, b,a', channel: ['email', 'chat'], target: 'resolution' }, NOW);
    expect(request.filters).toEqual({ team: ['a', 'b'], channel: ['email', 'chat'] });
    expect(request.extraFilters).toEqual({ target: ['resolution'] });
  });

  it('compares with the previous period or a given one', () => {
    const range = { from: '2026-11-08', to: '2026-11-15' };
    expect(parseKpiRequest('nps', { ...range, compare: 'previous' }, NOW).compare).toEqual({
      from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-08T00:00:00Z'),
    });
    expect(parseKpiRequest('nps', { ...range, compareFrom: '2025-11-08', compareTo: '2025-11-15' }, NOW).compare).toEqual({
      from: new Date('2025-11-08T00:00:00Z'), to: new Date('2025-11-15T00:00:00Z'),
    });
  });

  it('collects every problem with a JSON Pointer path', () => {
    expect(errorsOf({ from: '2026-12-01', to: '2026-11-01', compare: 'previous', compareFrom: '2026-10-01' })).toEqual([
      { path: '/query/from', message: 'must be before to' },
      { path: '/query/compare', message: 'give either compare=previous or compareFrom and compareTo, not both' },
    ]);
    expect(errorsOf({ compareTo: '2026-10-01', groupBy: ['team', 'agent'] })).toEqual([
      { path: '/query/groupBy', message: 'must be given once' },
      { path: '/query/compareFrom', message: 'compareFrom and compareTo go together' },
    ]);
    expect(errorsOf({ from: '2020-01-01', interval: 'hour' })).toEqual([
      { path: '/query/interval', message: 'more than 1000 hour buckets; choose a longer interval or a shorter period' },
    ]);
    expect(errorsOf({ team: Array.from({ length: 101 }, (_, i) => `t${i}`).join(',') })).toEqual([
      { path: '/query/team', message: 'at most 100 values' },
    ]);
  });

  it('business hours: a flag for the durations, a 400 for any other single metric', () => {
    expect(parseKpiRequest('first_response_time', { businessHours: 'true' }, NOW).businessHours).toBe(true);
    expect(parseKpiRequest('resolution_time', { businessHours: 'false' }, NOW).businessHours).toBe(false);
    expect(errorsOf({ businessHours: 'yes' })).toEqual([{ path: '/query/businessHours', message: 'must be one of true, false' }]);
    expect(() => refuseBusinessHoursUnlessDuration(parseKpiRequest('nps', { businessHours: 'true' }, NOW))).toThrow(
      expect.objectContaining({ errors: [{ path: '/query/businessHours', message: 'only for first_response_time and resolution_time' }] }),
    );
    expect(refuseBusinessHoursUnlessDuration(parseKpiRequest('resolution_time', { businessHours: 'true' }, NOW)).metric).toBe('resolution_time');
  });
});
