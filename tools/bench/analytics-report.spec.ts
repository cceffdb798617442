import type { KpiMetric } from '@csp/analytics-domain';
import { drilldownTable, kpiTable, kpiVerdicts } from './analytics-report';

describe('bench:analytics report', () => {
  const fast = { metric: 'nps' as const, apiMs: [100, 120, 240], rawMs: [90, 100, 200], httpMs: [], statements: [1, 2] };
  const slow = { metric: 'backlog' as const, apiMs: [100, 300, 900], rawMs: [50, 60, 70], httpMs: [], statements: [2, 2] };

  it('judges p95 on the API path and the ratio on summed times', () => {
    const table = kpiTable([fast, slow]);
    expect(table).toContain('| nps | 3 | 1-2 | 120 | 240 | 100 | 200 | 1.18 | **PASS** (240 ms) | **PASS** (1.18) |');
    expect(table).toContain('| backlog | 3 | 2-2 | 300 | 900 | 60 | 70 | 7.22 | **FAIL** (900 ms) | **FAIL** (7.22) |');
  });

  it('judges the HTTP path when it was measured', () => {
    const table = kpiTable([{ ...fast, httpMs: [200, 260, 400] }]);
    expect(table).toContain('| metric | runs | statements / request | HTTP p50 ms | HTTP p95 ms | queryKpi p50 ms |');
    expect(table).toContain('| nps | 3 | 1-2 | 260 | 400 | 120 | 240 | 100 | 200 | 2.21 | **FAIL** (400 ms) | **FAIL** (2.21) |');
  });

  it('counts the metrics meeting each target, drill-down included', () => {
    const drill = new Map<KpiMetric, number[]>([['nps', [100, 499]], ['backlog', [100, 500]]]);
    expect(drilldownTable(drill)).toContain('| backlog | 2 | 100 | 500 | **FAIL** (500 ms) |');
    expect(kpiVerdicts([fast, slow], drill)).toEqual([
      '- KPI p95 < 250 ms: 1 of 2 metrics',
      '- API <= 1.5 x raw SQL: 1 of 2 metrics',
      '- drill-down p95 < 500 ms: 1 of 2 metrics',
    ]);
  });
});
