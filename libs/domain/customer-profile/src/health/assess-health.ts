import { HEALTH_RULES } from './health-contributions';
import { DEFAULT_HEALTH_MODEL, HEALTH_SIGNALS, type ChurnRiskLevel, type HealthModelConfig, type HealthSignalName } from './health-model.config';
import type { HealthSignals } from './health-signals';

/** Points one signal took off the score, and why. */
export interface HealthContribution {
  signal: HealthSignalName;
  points: number;
  reason: string;
}

/** The `health` part of the 360 view, plus every contribution for whoever wants the full breakdown. */
export interface HealthAssessment {
  score: number;
  churnRisk: ChurnRiskLevel;
  /** The largest contributors, most important first; never empty when the risk is above low. */
  reasons: string[];
  contributions: HealthContribution[];
}

/**
 * The health score (0-100, 100 = nothing wrong) and churn risk of a customer at `now`: 100 minus the points
 * every signal takes off (its weight times its severity 0..1). Additive on purpose: each reason says how much
 * it cost, and no interaction hides why a score is what it is. Pure and deterministic in its inputs.
 */
export function assessHealth(signals: HealthSignals, now: Date | number, config: HealthModelConfig = DEFAULT_HEALTH_MODEL): HealthAssessment {
  const at = Number(now);
  const contributions: HealthContribution[] = [];
  for (const signal of HEALTH_SIGNALS) {
    const found = HEALTH_RULES[signal](signals, at, config);
    const points = found ? config.weights[signal] * found.severity : 0;
    if (found && points > 0) contributions.push({ signal, points: Math.round(points * 10) / 10, reason: found.reason });
  }
  contributions.sort((a, b) => b.points - a.points);
  const lost = contributions.reduce((sum, c) => sum + c.points, 0);
  const score = Math.max(0, Math.min(100, Math.round(100 - lost)));
  const churnRisk = riskOf(score, config);
  const listed = contributions.filter((c) => c.points >= config.minReasonPoints).slice(0, config.maxReasons);
  // A risk must always say why, even when a configuration spreads the loss thinly over many signals.
  const shown = listed.length === 0 && churnRisk !== 'low' ? contributions.slice(0, 1) : listed;
  return { score, churnRisk, reasons: shown.map((c) => c.reason), contributions };
}

export function riskOf(score: number, config: HealthModelConfig = DEFAULT_HEALTH_MODEL): ChurnRiskLevel {
  return score < config.riskBelow.high ? 'high' : score < config.riskBelow.medium ? 'medium' : 'low';
}
