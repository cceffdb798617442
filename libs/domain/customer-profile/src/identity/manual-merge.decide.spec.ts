import { CustomerConflict } from './identity.errors';
import { decideMerge, decideUnmerge } from './manual-merge.decide';

const view = (id: string, externalIds: string[] = [], mergedFrom: string[] = []) => ({ id, externalIds, mergedFrom });

describe('manual merge and unmerge decisions', () => {
  it('merges the other customer into the one the agent looks at', () => {
    expect(decideMerge(view('a', ['x1']), view('b'))).toEqual({ survivorId: 'a', mergedId: 'b' });
    expect(decideMerge(view('a', ['x1']), view('b', ['x1']))).toEqual({ survivorId: 'a', mergedId: 'b' });
  });

  it('refuses two different external ids and a customer already merged', () => {
    expect(() => decideMerge(view('a', ['x1']), view('b', ['x2']))).toThrow(expect.objectContaining({ code: 'CUSTOMER.EXTERNAL_ID_CONFLICT' }));
    expect(() => decideMerge(view('a'), view('a'))).toThrow(CustomerConflict);
  });

  it('unmerges only an id that was merged into the customer', () => {
    expect(decideUnmerge(view('a', [], ['b']), 'b')).toEqual({ survivorId: 'a', mergedId: 'b' });
    expect(() => decideUnmerge(view('a', [], ['b']), 'c')).toThrow(expect.objectContaining({ code: 'CUSTOMER.NOT_MERGED' }));
    expect(() => decideUnmerge(view('a', [], ['b']), 'a')).toThrow(expect.objectContaining({ code: 'CUSTOMER.SAME_CUSTOMER' }));
  });
});
