import { emptyTally, noteError, problems, tallyResponse } from './http-load';

describe('tally of the answers', () => {
  it('counts the events of each 202 result and everything that was not accepted', () => {
    const tally = emptyTally();
    tallyResponse(tally, 202, JSON.stringify({ accepted: [{ id: 'a' }, { id: 'b' }], duplicates: [], rejected: [] }));
    expect(problems(tally)).toBe(0);
    tallyResponse(tally, 202, JSON.stringify({ accepted: [], duplicates: [{ id: 'a' }], rejected: [{ index: 1 }] }));
    tallyResponse(tally, 503, '{"title":"unavailable"}');
    tallyResponse(tally, 503, '');
    tallyResponse(tally, 202, 'not json');
    noteError(tally, 'no answer after 30000 ms');
    expect(tally).toMatchObject({ responses: 5, accepted: 2, duplicates: 1, rejected: 1, non202: { 503: 2 }, malformed: 1, errors: 1 });
    expect(problems(tally)).toBe(6);
    expect(tally.firstProblem).toMatch(/^202 with duplicates or rejections/);
  });
});
