import { matches } from './segment.matches';
import type { Segment } from './segments.document';
import type { SegmentView } from './segment-view';

export interface MembershipChanges {
  entered: string[];
  left: string[];
}

/**
 * Which segments the customer entered and left. `before` is either the previous view (judged at the same
 * `now`, so only the change of the view moves anyone) or the stored membership (the 360 view's `segments`),
 * which also covers time alone (a `withinDays` that lapsed) and a new segments document: a stored segment
 * that no longer exists is left. `null` = a customer seen for the first time, in no segment yet.
 */
export function membershipChanges(
  segments: readonly Segment[],
  before: SegmentView | readonly string[] | null,
  after: SegmentView,
  now: Date | number,
): MembershipChanges {
  const was = (segment: Segment) => (before === null ? false : isIdList(before) ? before.includes(segment.id) : matches(segment, before, now));
  const entered: string[] = [];
  const left: string[] = [];
  for (const segment of segments) {
    const is = matches(segment, after, now);
    if (is && !was(segment)) entered.push(segment.id);
    if (!is && was(segment)) left.push(segment.id);
  }
  if (before !== null && isIdList(before)) left.push(...before.filter((id) => !segments.some((s) => s.id === id)));
  return { entered, left };
}

const isIdList = (value: SegmentView | readonly string[]): value is readonly string[] => Array.isArray(value);
