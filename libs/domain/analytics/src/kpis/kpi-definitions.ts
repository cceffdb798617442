/**
 * The KPI catalogue of the analytics API, with each metric's definition as product.md states it and the
 * precise reading this implementation gives it. The API returns the text as `definition`.
 */
export const KPI_METRICS = [
  'nps', 'csat', 'ces', 'first_response_time', 'resolution_time', 'resolution_rate', 'fcr', 'sla_compliance',
  'ticket_volume', 'backlog', 'survey_response_rate',
] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

export const KPI_DIMENSIONS = ['channel', 'team', 'agent', 'category', 'tier', 'priority'] as const;
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

export const DURATION_STATS = ['median', 'p90', 'mean'] as const;
export type DurationStat = (typeof DURATION_STATS)[number];

const MERGED = 'Tickets merged into another ticket are duplicates and are left out.';

export const KPI_DEFINITIONS: Readonly<Record<KpiMetric, string>> = {
  nps: 'NPS: % promoters (9-10) minus % detractors (0-6) of the NPS answers given in [from, to); passives (7-8) count in the denominator; -100..100; count = answers.',
  csat: 'CSAT: CSAT answers (1-5) of 4 or 5 divided by all CSAT answers given in [from, to), in %; surveys without an answer are excluded (see survey_response_rate); count = answers.',
  ces: 'CES: mean CES score (1-7, 7 = very easy) of the answers given in [from, to); easyShare = % of answers of 5-7; count = answers.',
  first_response_time: `First response time in seconds: first public reply by a human agent (author agent; acknowledgements and automatic messages are author system and never count) minus ticket creation, for tickets created in [from, to) that got one; median unless stat=p90|mean (percentiles interpolate linearly, as PERCENTILE.INC); count = tickets with a first response. ${MERGED}`,
  resolution_time: `Resolution time in seconds: first solved minus created (resolution=first, default) or last solved minus created (resolution=full), for tickets created in [from, to) solved at least once; median unless stat=p90|mean; count = those tickets. ${MERGED}`,
  resolution_rate: `Resolution rate: tickets created in [from, to) whose status at the cut-off (to) is solved or closed, divided by the tickets created in [from, to), in %; count = tickets created. ${MERGED}`,
  fcr: `First-contact resolution: solved tickets with fewer than 2 public agent replies and never reopened, divided by solved tickets, in %; a solved ticket is one created in [from, to) that has been solved by the cut-off (to); count = solved tickets. ${MERGED}`,
  sla_compliance: 'SLA compliance: per target, achieved / (achieved + breached) over the SLA outcomes reached in [from, to); targets still running are excluded; paused time never counts (ticketing stops the clock); count = outcomes. Filter with target=first_response,next_response,resolution. ticketCompliance: % of tickets with an outcome in the period and no breach in it.',
  ticket_volume: `Ticket volume: tickets created in [from, to); count = value. ${MERGED}`,
  backlog: `Backlog: tickets created before the cut-off (to, or each bucket's end in a series) whose status at that moment is neither solved nor closed; count = value. ${MERGED}`,
  survey_response_rate: 'Survey response rate: survey questions (one per kind of each survey request) sent in [from, to) that have an answer of that kind for that survey, divided by the questions sent, in %; count = questions sent. Filter with kind=csat,nps,ces.',
};
