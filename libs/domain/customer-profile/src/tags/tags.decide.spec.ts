import { decideTags, foldTags } from './tags.decide';

describe('tags', () => {
  it('adds and removes normalised tags, and a change that changes nothing is no change', () => {
    expect(decideTags(['vip'], [' Wholesale ', 'vip'], ['vip'])).toEqual({ added: ['wholesale'], removed: ['vip'], tags: ['wholesale'] });
    expect(decideTags(['vip'], ['VIP'], ['other'])).toBeUndefined();
  });

  it('folds the changes of merged customers in time order', () => {
    expect(foldTags([{ added: ['a', 'b'], removed: [] }, { added: ['c'], removed: ['a'] }])).toEqual(['b', 'c']);
  });
});
