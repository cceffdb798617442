import { churnLabels, DEFAULT_TRAFFIC_START, DAY, simulateTraffic, type ChurnKind, type SimEvent } from '@csp/simulator';
import { assessHealth, evolveSignals, HEALTH_SIGNALS, healthModel, initialSignals, type HealthAssessment, type HealthSignalName, type SignalEvent } from '@csp/customer-profile-domain';
import { auc, metricsOf, operatingPoints, type Metrics, type Scored } from './health-eval.metrics';
import type { HealthEvalOptions } from './health-eval.options';
import { standInTicketEvents } from './ticketing-stand-in';

export interface HealthEvaluation {
  cutOff: string;
  events: number;
  metrics: Metrics;
  /** What other risk thresholds would give: precision and recall of "score below N". */
  operatingPoints: ReturnType<typeof operatingPoints>;
  /** Per planted kind: how many, how many flagged, mean score. */
  byKind: Record<ChurnKind, { customers: number; flagged: number; meanScore: number }>;
  /** AUC of each signal's points alone (0.5 = no better than chance), and how many customers it touched. */
  bySignal: Record<HealthSignalName, { auc: number; customers: number }>;
  /** The most frequent first reasons of flagged customers. */
  topReasons: Array<{ reason: string; customers: number }>;
}

/**
 * Runs the evaluation: simulate with planted churners, attribute events to customers (by the simulator's
 * event ids: identity resolution is not under test here), add the ticketing stand-in's tickets, fold
 * everything into the health signals in time order and assess at the cut-off.
 */
export function evaluateHealth(options: HealthEvalOptions, progress: (done: number) => void = () => undefined): HealthEvaluation {
  const traffic = { seed: options.seed, customers: options.customers, days: options.days, churn: { share: options.churnShare } };
  const cutOff = DEFAULT_TRAFFIC_START + options.days * DAY;
  const events = simulateTraffic(traffic);
  const labels = churnLabels(traffic);
  const byCustomer = groupByCustomer(events, options.customers);
  const model = healthModel(options.model);
  const assessments: HealthAssessment[] = [];
  byCustomer.forEach((own, index) => {
    const stream: SignalEvent[] = [...own, ...standInTicketEvents(own, `customer-${index}`, cutOff)];
    stream.sort((a, b) => Date.parse(a.time ?? '') - Date.parse(b.time ?? ''));
    assessments.push(assessHealth(stream.reduce(evolveSignals, initialSignals()), cutOff, model));
    if (index % 50 === 49) progress(index + 1);
  });
  progress(options.customers);
  const scored: Scored[] = assessments.map((a, i) => ({ score: a.score, flagged: a.churnRisk !== 'low', churner: labels[i].churner }));
  return { cutOff: new Date(cutOff).toISOString(), events: events.length, metrics: metricsOf(scored), operatingPoints: operatingPoints(scored, [30, 40, 50, 60, 65, 70, 80]), byKind: byKind(labels.map((l) => l.kind), scored), bySignal: bySignal(assessments, scored), topReasons: topReasons(assessments) };
}

function bySignal(assessments: readonly HealthAssessment[], scored: readonly Scored[]): HealthEvaluation['bySignal'] {
  const pointsOf = (a: HealthAssessment, signal: HealthSignalName) => a.contributions.find((c) => c.signal === signal)?.points ?? 0;
  return Object.fromEntries(
    HEALTH_SIGNALS.map((signal) => {
      const points = assessments.map((a) => pointsOf(a, signal));
      const alone = auc(points.map((p, i) => ({ score: 100 - p, churner: scored[i].churner })));
      return [signal, { auc: Math.round(alone * 1000) / 1000, customers: points.filter((p) => p > 0).length }];
    }),
  ) as HealthEvaluation['bySignal'];
}

function groupByCustomer(events: readonly SimEvent[], customers: number): SimEvent[][] {
  const groups: SimEvent[][] = Array.from({ length: customers }, () => []);
  for (const e of events) {
    const index = /-c(\d+)-\d+$/.exec(e.id)?.[1];
    if (index !== undefined) groups[Number(index)].push(e);
  }
  return groups;
}

function byKind(kinds: readonly ChurnKind[], scored: readonly Scored[]): HealthEvaluation['byKind'] {
  const all: ChurnKind[] = ['loud-churner', 'silent-churner', 'loyal', 'rough-patch', 'pause'];
  return Object.fromEntries(
    all.map((kind) => {
      const mine = scored.filter((_, i) => kinds[i] === kind);
      const meanScore = mine.length === 0 ? 0 : Math.round(mine.reduce((s, c) => s + c.score, 0) / mine.length);
      return [kind, { customers: mine.length, flagged: mine.filter((c) => c.flagged).length, meanScore }];
    }),
  ) as HealthEvaluation['byKind'];
}

function topReasons(assessments: readonly HealthAssessment[]): HealthEvaluation['topReasons'] {
  const counts = new Map<string, number>();
  for (const a of assessments) {
    // The sentence without its numbers: "No order for 95 days (...)" and "... 120 days" are one kind of reason.
    const first = a.churnRisk === 'low' ? undefined : a.reasons[0]?.replace(/\d+(\.\d+)?/g, 'N');
    if (first) counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([reason, customers]) => ({ reason, customers }));
}
