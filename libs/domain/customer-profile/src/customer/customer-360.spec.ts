import { summariseTickets } from './customer-360';

describe('summariseTickets', () => {
  it('counts open tickets, complaints and the latest opening', () => {
    const at = (d: string) => new Date(`2026-11-${d}T10:00:00.000Z`);
    expect(
      summariseTickets([
        { status: 'open', openedAt: at('02') },
        { status: 'solved', openedAt: at('20'), solvedAt: new Date('2026-11-20T11:00:00.000Z'), category: 'complaint' },
        { status: 'pending', openedAt: at('10') },
        { status: 'closed', openedAt: at('01') },
      ]),
    ).toEqual({ open: 2, total: 4, complaints: 1, lastTicketAt: '2026-11-20T10:00:00.000Z', averageResolutionSeconds: 3600 });
    expect(summariseTickets([])).toEqual({ open: 0, total: 0, complaints: 0, lastTicketAt: null, averageResolutionSeconds: null });
  });
});
