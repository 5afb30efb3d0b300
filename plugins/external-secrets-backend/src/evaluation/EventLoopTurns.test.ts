import { MessageChannel } from 'node:worker_threads';
import { EventLoopTurns } from './EventLoopTurns';

describe('EventLoopTurns', () => {
  it('serves callers in order, one per event-loop turn, with I/O in between', async () => {
    const turns = new EventLoopTurns();
    const order: string[] = [];
    // I/O that becomes ready during a step, as a request would: a message between two ports,
    // delivered in the event loop's poll phase.
    const { port1, port2 } = new MessageChannel();
    port2.on('message', name => order.push(`I/O after ${name}`));
    try {
      // Three clusters ask for a turn at once, as their periodic passes start together.
      const steps = ['a', 'b', 'c'].map(name =>
        turns.next().then(() => {
          order.push(name);
          port1.postMessage(name);
        }),
      );
      await Promise.all(steps);
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(order).toEqual([
        'a',
        'I/O after a',
        'b',
        'I/O after b',
        'c',
        'I/O after c',
      ]);
    } finally {
      port1.close();
    }
  });

  it('serves urgent callers first', async () => {
    const turns = new EventLoopTurns();
    const order: string[] = [];
    await Promise.all([
      turns.next().then(() => order.push('full pass a')),
      turns.next().then(() => order.push('full pass b')),
      turns.next(true).then(() => order.push('watch event')),
    ]);
    expect(order).toEqual(['watch event', 'full pass a', 'full pass b']);
  });
});
