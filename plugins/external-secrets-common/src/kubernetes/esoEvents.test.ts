import { eventSubject, eventTime, isEsoWriteEvent } from './esoEvents';

const involved = { kind: 'ExternalSecret', name: 'db', namespace: 'shop' };

describe('isEsoWriteEvent', () => {
  it.each([
    [{ type: 'Normal', reason: 'Updated', involvedObject: involved }, true],
    [{ type: 'Normal', reason: 'Created', regarding: involved }, true],
    [
      { type: 'Warning', reason: 'UpdateFailed', involvedObject: involved },
      false,
    ],
    [{ type: 'Normal', reason: 'Deleted', involvedObject: involved }, false],
    [
      {
        type: 'Normal',
        reason: 'Updated',
        involvedObject: { ...involved, kind: 'Pod' },
      },
      false,
    ],
    ['not an event', false],
  ])('%j → %s', (event, expected) => {
    expect(isEsoWriteEvent(event)).toBe(expected);
  });
});

describe('eventTime', () => {
  it('takes the newest of the fields recorders fill in', () => {
    expect(
      eventTime({
        firstTimestamp: '2026-11-23T10:00:00Z',
        lastTimestamp: '2026-11-23T11:00:00Z',
        metadata: { creationTimestamp: '2026-11-23T10:00:00Z' },
      }),
    ).toBe('2026-11-23T11:00:00Z');
    expect(
      eventTime({
        eventTime: '2026-11-23T10:00:00.000000Z',
        series: { lastObservedTime: '2026-11-23T12:00:00.000000Z' },
      }),
    ).toBe('2026-11-23T12:00:00.000000Z');
    expect(eventTime({ lastTimestamp: 'garbage' })).toBeNull();
  });
});

describe('eventSubject', () => {
  it('reads core and events.k8s.io Events', () => {
    expect(eventSubject({ involvedObject: involved })).toBe(involved);
    expect(eventSubject({ regarding: involved })).toBe(involved);
    expect(eventSubject({})).toBeUndefined();
  });
});
