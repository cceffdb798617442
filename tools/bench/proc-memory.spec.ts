import { parseProcStat, parseProcStatus } from './proc-memory';

describe('/proc parsing', () => {
  it('reads VmRSS and VmHWM in KiB', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  180224 kB\nVmRSS:\t  176128 kB\nThreads:\t11\n';
    expect(parseProcStatus(status)).toEqual({ rssKb: 176128, hwmKb: 180224 });
    expect(() => parseProcStatus('Name:\tkthreadd\n')).toThrow('no VmRSS');
  });

  it('finds ppid and CPU ticks after a command name holding spaces and parentheses', () => {
    const fields = ['S', '4242', '1', '1', '0', '-1', '4194560', '100', '0', '0', '0', '150', '25', '0', '0'];
    expect(parseProcStat(`123 (node (worker) x) ${fields.join(' ')}`)).toEqual({ ppid: 4242, cpuTicks: 175 });
  });
});
