/**
 * Maps the data of one version of an event type to the next (`cs.x.v1` -> `cs.x.v2`). Stored events are
 * never rewritten; consumers upcast what they read, so a v2 can be introduced while producers still send v1.
 */
export interface Upcaster<From = unknown, To = unknown> {
  from: string;
  to: string;
  upcast: (data: From) => To;
}

export function defineUpcaster<From, To>(upcaster: Upcaster<From, To>): Upcaster {
  return upcaster as Upcaster;
}
