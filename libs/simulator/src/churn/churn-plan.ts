import { DAY, type JourneyWindow } from '../journeys/journey-window';
import { seededRandom } from '../random/seeded-random';

/** Opt-in planting of customers who drift away, with known labels, to evaluate churn models against. */
export interface ChurnPlanting {
  /** Share of the customers who drift away and then stop buying (default 0.15). */
  share?: number;
  /** Share of those who leave quietly: no surge of complaints, only fading visits and orders (default 0.35). */
  silentShare?: number;
  /** Share of the customers who stay who go through a rough patch of complaints and poor surveys (default 0.1). */
  roughPatchShare?: number;
  /** Share of the customers who stay who pause shopping for a while (holidays, a full pantry; default 0.1). */
  pauseShare?: number;
  /** When churners start to drift, as fractions of the window (default [0.55, 0.95]). */
  driftBetween?: readonly [number, number];
}

export type ChurnKind = 'loyal' | 'rough-patch' | 'pause' | 'loud-churner' | 'silent-churner';

/** What the simulation planted for customer `index`: the truth a churn model is scored against. */
export interface ChurnPlan {
  index: number;
  kind: ChurnKind;
  churner: boolean;
  /** Churners: when the drift starts and when they are gone (may lie after the window). Others: the patch or pause. */
  from?: number;
  to?: number;
}

const DEFAULTS: Required<ChurnPlanting> = { share: 0.15, silentShare: 0.35, roughPatchShare: 0.1, pauseShare: 0.1, driftBetween: [0.55, 0.95] };

/**
 * The plan of customer `index`, from its own random fork: it never changes what other customers do, and a
 * loyal customer does exactly what it does without planting.
 */
export function churnPlan(seed: number | string, index: number, window: JourneyWindow, planting: ChurnPlanting = {}): ChurnPlan {
  const p = { ...DEFAULTS, ...planting };
  const rng = seededRandom(seed).fork('churn', index);
  const span = window.end - window.start;
  if (rng.chance(p.share)) {
    const from = window.start + rng.between(p.driftBetween[0], p.driftBetween[1]) * span;
    const kind = rng.chance(p.silentShare) ? 'silent-churner' : 'loud-churner';
    return { index, kind, churner: true, from, to: from + rng.between(20, 70) * DAY };
  }
  // Noise drawn independently of the churn roll, so a larger churn share does not shift it.
  const noise = rng.fork('noise');
  const from = window.start + noise.between(0.3, 0.9) * span;
  if (noise.chance(p.roughPatchShare)) return { index, kind: 'rough-patch', churner: false, from, to: from + noise.between(15, 45) * DAY };
  if (noise.chance(p.pauseShare)) return { index, kind: 'pause', churner: false, from, to: from + noise.between(30, 75) * DAY };
  return { index, kind: 'loyal', churner: false };
}
