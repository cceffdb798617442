/**
 * Given/when/then for deciders: `spec.given(events).when(command).then(events)` or `.thenThrows(ErrorClass)`.
 */
export interface Decider<C, S, E> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export function deciderSpecification<C, S, E>(decider: Decider<C, S, E>) {
  return {
    given(events: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(errorClass: new (...args: never[]) => Error) {
              expect(run).toThrow(errorClass);
            },
          };
        },
      };
    },
  };
}
