import { Pacer, requestSize } from './pacer';

describe('Pacer', () => {
  it('spaces requests so events leave at the rate, counting from the start', () => {
    let now = 1_000;
    const pacer = new Pacer(200, () => now);
    expect(pacer.delayMs()).toBe(0);
    pacer.record(100);
    expect(pacer.delayMs()).toBe(500);
    now += 800; // a slow request: the next one is already due
    expect(pacer.delayMs()).toBe(0);
    pacer.record(100);
    expect(pacer.delayMs()).toBe(200);
  });

  it('never waits at rate 0', () => {
    const pacer = new Pacer(0, () => 0);
    pacer.record(1_000);
    expect(pacer.delayMs()).toBe(0);
  });

  it('makes requests smaller at low rates so traffic flows evenly', () => {
    expect(requestSize(100, 0)).toBe(100);
    expect(requestSize(100, 2_000)).toBe(100);
    expect(requestSize(100, 200)).toBe(40);
    expect(requestSize(100, 3)).toBe(1);
  });
});
