import { createReplay } from './Replay';

describe('createReplay', () => {
  const capturedAt = '2026-11-23T12:00:00Z';
  const startedAt = new Date('2026-11-25T08:00:00Z');

  it('running: shifts once to backend start, then ages, and is history', () => {
    let now = startedAt;
    const replay = createReplay({
      capturedAt,
      clock: 'running',
      startedAt,
      now: () => now,
    });
    const shift = startedAt.getTime() - Date.parse(capturedAt);
    expect(replay.shiftMs()).toBe(shift);
    now = new Date(startedAt.getTime() + 3_600_000);
    expect(replay.shiftMs()).toBe(shift);
    expect(replay.tracksHistory).toBe(true);
  });

  it('frozen: always as if captured just now, and not history', () => {
    let now = startedAt;
    const replay = createReplay({
      capturedAt,
      clock: 'frozen',
      startedAt,
      now: () => now,
    });
    expect(replay.shiftMs()).toBe(startedAt.getTime() - Date.parse(capturedAt));
    now = new Date(startedAt.getTime() + 3_600_000);
    expect(replay.shiftMs()).toBe(now.getTime() - Date.parse(capturedAt));
    expect(replay.tracksHistory).toBe(false);
  });
});
