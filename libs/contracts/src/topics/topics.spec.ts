import { deadLetterTopicFor, relayRoutesFor, Topics } from './topics';

describe('topics', () => {
  it('routes each owned stream category to its topic and refuses a category no topic carries', () => {
    expect(relayRoutesFor(['ticket', 'ticketingConfig'])).toEqual({ ticket: Topics.ticketing, ticketingConfig: Topics.ticketing });
    expect(relayRoutesFor(['interaction'])).toEqual({ interaction: Topics.interactions });
    expect(() => relayRoutesFor(['nope'])).toThrow("stream category 'nope' is not published on any topic");
  });

  it('names a dead-letter topic per consumer group', () => {
    expect(deadLetterTopicFor('ticketing')).toBe('cs.dlq.ticketing.v1');
  });
});
