import { analyticsTarget } from './analytics/analytics.target';
import { customerProfileTarget } from './customer-profile/customer-profile.target';
import type { ReplayTarget } from './replay-target';

/** Every target `npm run replay -- <target>` knows, by name. */
export const REPLAY_TARGETS: readonly ReplayTarget[] = [analyticsTarget, customerProfileTarget];

export function replayTarget(name: string): ReplayTarget | undefined {
  return REPLAY_TARGETS.find((t) => t.name === name);
}
