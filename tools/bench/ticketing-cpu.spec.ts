import { parseTcpSockets } from './ticketing-cpu';

describe('ticketing-cpu', () => {
  it('reads the local port and inode of each socket of /proc/net/tcp', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 21034 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:D2A4 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 998877 1 0000000000000000 20 4 30 10 -1',
      '',
    ].join('\n');
    expect(parseTcpSockets(table)).toEqual([
      { port: 5432, inode: '21034' },
      { port: 53924, inode: '998877' },
    ]);
  });
});
