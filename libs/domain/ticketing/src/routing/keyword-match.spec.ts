import { isMatchableKeyword, matchesKeywords, messageText } from './keyword-match';

const text = (body: string, subject?: string) => messageText(subject, body);

describe('keyword matching', () => {
  it('ignores case and finds whole words only', () => {
    expect(matchesKeywords({ any: ['refund'] }, text('I want a REFUND!'))).toBe(true);
    expect(matchesKeywords({ any: ['refund'] }, text('Was it refunded?'))).toBe(false);
    expect(matchesKeywords({ any: ['refund'] }, text('nonrefund policy'))).toBe(false);
    expect(matchesKeywords({ any: ['refund'] }, text('refund_request'))).toBe(false);
  });

  it('matches phrases across any whitespace, and searches the subject too', () => {
    expect(matchesKeywords({ any: ['money back'] }, text('I want my money\n  back now'))).toBe(true);
    expect(matchesKeywords({ any: ['money back'] }, text('money is back'))).toBe(false);
    expect(matchesKeywords({ any: ['money back'] }, text('see subject', 'Money back please'))).toBe(true);
  });

  it('never matches a phrase split between subject and body', () => {
    expect(matchesKeywords({ any: ['money back'] }, text('back, please', 'I want my money'))).toBe(false);
  });

  it('treats letters of every script as word characters, whatever their composition', () => {
    expect(matchesKeywords({ any: ['rückerstattung'] }, text('Bitte um Rückerstattung.'))).toBe(true);
    expect(matchesKeywords({ any: ['über'] }, text('gegenüber'))).toBe(false);
    expect(matchesKeywords({ any: ['café'] }, text('Le cafe\u0301 est froid'))).toBe(true);
  });

  it('takes regular-expression characters literally', () => {
    expect(matchesKeywords({ any: ['c++'] }, text('My C++ build fails'))).toBe(true);
    expect(matchesKeywords({ any: ['a.b'] }, text('axb'))).toBe(false);
    expect(matchesKeywords({ any: ['w/o'] }, text('shipped w/o the cable'))).toBe(true);
  });

  it('needs one of any and every one of all', () => {
    const condition = { any: ['broken', 'damaged'], all: ['order', 'photo'] };
    expect(matchesKeywords(condition, text('Order arrived damaged, photo attached'))).toBe(true);
    expect(matchesKeywords(condition, text('Order arrived damaged'))).toBe(false);
    expect(matchesKeywords(condition, text('Order fine, photo attached'))).toBe(false);
  });

  it('says which keywords can match as a word', () => {
    expect(isMatchableKeyword('!!!')).toBe(false);
    expect(isMatchableKeyword('c++')).toBe(true);
  });
});
