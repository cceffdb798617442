/** The signals the model scores; each has a weight (the most points it can take off the score of 100). */
export const HEALTH_SIGNALS = [
  'satisfaction', 'nps', 'ticketSurge', 'slaBreaches', 'complaints', 'orderSilence', 'visitSilence', 'refunds', 'openTickets',
] as const;
export type HealthSignalName = (typeof HEALTH_SIGNALS)[number];

export type ChurnRiskLevel = 'low' | 'medium' | 'high';

/**
 * Every knob of the health model. docs/customer-health.md explains each one; the defaults were set from what
 * the signals mean (a CSAT of 4 is fine, two complaints in a quarter are a lot), not fitted to the simulator.
 */
export interface HealthModelConfig {
  weights: Record<HealthSignalName, number>;
  /** Score below `high` is high risk, below `medium` medium risk. */
  riskBelow: { high: number; medium: number };
  /** health-changed is emitted when the score moves by at least this much (or the risk changes). */
  eventScoreDelta: number;
  /** Reasons listed: the largest contributors of at least `minReasonPoints`. */
  maxReasons: number;
  minReasonPoints: number;
  satisfaction: { answers: number; lookbackDays: number; fineCsat: number; worstCsat: number; fallForFull: number };
  nps: { lookbackDays: number; detractorAtMost: number };
  ticketSurge: { recentDays: number; baselineDays: number; toleratedExcess: number; excessForFull: number };
  slaBreaches: { lookbackDays: number; countForFull: number };
  complaints: { lookbackDays: number; countForFull: number };
  orderSilence: { defaultIntervalDays: number; minIntervalDays: number; overdueFrom: number; overdueFull: number };
  visitSilence: { quietFromDays: number; goneAtDays: number };
  refunds: { lookbackDays: number; countForFull: number; shareForFull: number };
  openTickets: { tolerated: number; countForFull: number };
}

export const DEFAULT_HEALTH_MODEL: HealthModelConfig = {
  weights: {
    satisfaction: 25, nps: 10, ticketSurge: 15, slaBreaches: 15, complaints: 15, orderSilence: 20, visitSilence: 10, refunds: 10, openTickets: 5,
  },
  riskBelow: { high: 40, medium: 65 },
  eventScoreDelta: 5,
  maxReasons: 3,
  minReasonPoints: 2,
  satisfaction: { answers: 3, lookbackDays: 180, fineCsat: 4, worstCsat: 2, fallForFull: 3 },
  nps: { lookbackDays: 180, detractorAtMost: 6 },
  ticketSurge: { recentDays: 30, baselineDays: 90, toleratedExcess: 0.5, excessForFull: 3 },
  slaBreaches: { lookbackDays: 90, countForFull: 3 },
  complaints: { lookbackDays: 90, countForFull: 2 },
  orderSilence: { defaultIntervalDays: 60, minIntervalDays: 14, overdueFrom: 1.5, overdueFull: 3.5 },
  visitSilence: { quietFromDays: 21, goneAtDays: 60 },
  refunds: { lookbackDays: 90, countForFull: 2, shareForFull: 0.5 },
  openTickets: { tolerated: 1, countForFull: 3 },
};

/** The defaults with some knobs replaced (one level deep: `{ weights: { nps: 0 } }` keeps the other weights). */
export function healthModel(overrides: { [K in keyof HealthModelConfig]?: Partial<HealthModelConfig[K]> } = {}): HealthModelConfig {
  const merged = { ...DEFAULT_HEALTH_MODEL } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const base = (DEFAULT_HEALTH_MODEL as unknown as Record<string, unknown>)[key];
    merged[key] = typeof base === 'object' && base !== null ? { ...base, ...(value as object) } : value;
  }
  return merged as unknown as HealthModelConfig;
}
