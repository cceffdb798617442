import { uuidV5 } from '@csp/contracts';
import { CONNECTOR_SOURCES } from '../events/connector-sources';
import { draft, type Draft } from '../events/sim-event';
import { customerRef, type SimCustomer } from '../population/sim-customer';
import type { Random } from '../random/seeded-random';
import { SURVEY_COMMENTS } from '../text/support-texts';
import { HOUR, MINUTE } from './journey-window';

/** Namespace of the simulator's survey ids (UUID v5 of the random key: reproducible, never shared). */
export const SIM_SURVEY_NAMESPACE = '7b0e4c1a-3f6d-4b8e-9a21-5c3d8e7f9b14';

type Mood = keyof typeof SURVEY_COMMENTS;
type Scores = ReadonlyArray<readonly [number, number]>;

// Score distributions per mood: satisfied customers cluster at the top, unhappy ones spread over the bottom.
const CSAT: Record<Mood, Scores> = {
  happy: [[5, 55], [4, 35], [3, 10]],
  neutral: [[4, 30], [3, 50], [2, 20]],
  unhappy: [[1, 40], [2, 30], [3, 20], [4, 10]],
};
const NPS: Record<Mood, Scores> = {
  happy: [[10, 35], [9, 35], [8, 20], [7, 10]],
  neutral: [[8, 25], [7, 35], [6, 25], [5, 15]],
  unhappy: [[0, 15], [2, 15], [3, 20], [5, 20], [6, 20], [7, 10]],
};
const CES: Record<Mood, Scores> = {
  happy: [[7, 40], [6, 40], [5, 20]],
  neutral: [[5, 40], [4, 40], [3, 20]],
  unhappy: [[1, 25], [2, 35], [3, 25], [4, 15]],
};

export interface SurveyInput {
  customer: SimCustomer;
  /** When the ticket was solved; the invitation goes out then and answers come in over the next day. */
  solvedAt: number;
  angry: boolean;
  followUps: number;
}

/**
 * The answers of one survey sent after a ticket was solved (or none: about half of the customers never
 * answer). CSAT always, NPS and CES sometimes; the same `surveyId` on each. No `ticketId`: a connector
 * cannot know our ticket ids, and the simulator does not ask ticketing for them.
 */
export function surveyAnswers(input: SurveyInput, rng: Random): Draft[] {
  if (!rng.chance(0.55)) return [];
  const mood = moodOf(input, rng);
  const surveyId = uuidV5(`${rng.key}/survey`, SIM_SURVEY_NAMESPACE);
  const customer = customerRef(input.customer, 'email');
  let at = input.solvedAt + Math.max(5 * MINUTE, rng.exponential(4 * HOUR));
  const answer = (kind: 'csat' | 'nps' | 'ces', scores: Scores, withComment: boolean): Draft => {
    at += rng.between(10, 90) * 1_000;
    const data: Draft<'cs.survey.answered.v1'>['data'] = { customer, kind, score: rng.weighted(scores), surveyId };
    if (withComment) data.comment = rng.pick(SURVEY_COMMENTS[mood]);
    return draft('cs.survey.answered.v1', CONNECTOR_SOURCES.surveys, at, data);
  };
  const drafts = [answer('csat', CSAT[mood], rng.chance(0.35))];
  if (rng.chance(0.4)) drafts.push(answer('nps', NPS[mood], false));
  if (rng.chance(0.3)) drafts.push(answer('ces', CES[mood], false));
  return drafts;
}

function moodOf(input: SurveyInput, rng: Random): Mood {
  if (input.angry || input.followUps >= 2) return rng.weighted([['unhappy', 60], ['neutral', 25], ['happy', 15]]);
  return rng.weighted([['happy', 70], ['neutral', 20], ['unhappy', 10]]);
}
