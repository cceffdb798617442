import { cpuMsPerThousand, parseMachineCpu, ticksBetween } from './proc-cpu';

describe('CPU accounting from /proc', () => {
  it('reads busy and total ticks of the whole machine from /proc/stat (idle and iowait are not busy)', () => {
    const stat = 'cpu  100 5 50 1000 20 3 2 10 7 0\ncpu0 50 2 25 500 10 1 1 5 3 0\nintr 12345\n';
    // user 100 + nice 5 + system 50 + irq 3 + softirq 2 + steal 10 = 170 busy; guest (7) is already in user.
    expect(parseMachineCpu(stat)).toEqual({ busy: 170, total: 1190 });
    expect(() => parseMachineCpu('intr 1\n')).toThrow('no cpu line');
  });

  it('adds up the ticks of processes between two readings; one that started in between counts from zero', () => {
    const before = new Map([
      [10, 100],
      [11, 50],
      [12, 7],
    ]);
    const after = new Map([
      [10, 130],
      [11, 50],
      [13, 4],
    ]);
    expect(ticksBetween(before, after)).toBe(34); // 30 + 0 + 4; pid 12 is gone and its last ticks are unknown
    expect(ticksBetween(new Map([[1, 9]]), new Map([[1, 5]]))).toBe(0); // a reused pid never counts negative
  });

  it('turns ticks (1/100 s) into milliseconds of CPU per 1,000 events', () => {
    expect(cpuMsPerThousand(150, 3_000)).toBe(500); // 1.5 s for 3,000 events
    expect(cpuMsPerThousand(0, 10)).toBe(0);
    expect(cpuMsPerThousand(5, 0)).toBeNaN();
  });
});
