import { SIGNAL_LIST_LIMIT, SURVEY_POINTS_KEPT, type HealthSignals } from './health-signals';

const times = (a: readonly number[], b: readonly number[]) => [...a, ...b].sort((x, y) => x - y).slice(-SIGNAL_LIST_LIMIT);
const byTime = <T extends { at: number }>(a: readonly T[], b: readonly T[], keep: number) => [...a, ...b].sort((x, y) => x.at - y.at).slice(-keep);

/**
 * The signals of two customers found to be one person (`cs.customer.merged.v1`): the survivor's and the
 * merged customer's history side by side. An unmerge cannot split them again: rebuild both customers'
 * signals from their events instead.
 */
export function mergeSignals(survivor: HealthSignals, merged: HealthSignals): HealthSignals {
  const complaints = [...survivor.complaints, ...merged.complaints.filter((c) => !survivor.complaints.some((s) => s.ticketId === c.ticketId))];
  const visits = [survivor.lastVisitAt, merged.lastVisitAt].filter((t): t is number => t !== null);
  return {
    csat: byTime(survivor.csat, merged.csat, SURVEY_POINTS_KEPT),
    nps: byTime(survivor.nps, merged.nps, SURVEY_POINTS_KEPT),
    ticketsOpenedAt: times(survivor.ticketsOpenedAt, merged.ticketsOpenedAt),
    complaints: byTime(complaints, [], SIGNAL_LIST_LIMIT),
    slaBreachesAt: times(survivor.slaBreachesAt, merged.slaBreachesAt),
    openTickets: [...new Set([...survivor.openTickets, ...merged.openTickets])].slice(-SIGNAL_LIST_LIMIT),
    ordersAt: times(survivor.ordersAt, merged.ordersAt),
    refundsAt: times(survivor.refundsAt, merged.refundsAt),
    lastVisitAt: visits.length === 0 ? null : Math.max(...visits),
  };
}
