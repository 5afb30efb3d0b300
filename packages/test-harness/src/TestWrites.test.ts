import { TestWrites } from './TestWrites';

describe('TestWrites', () => {
  it('aborts and awaits running writes at the end, and refuses later ones', async () => {
    const writes = new TestWrites();
    const landed: string[] = [];
    const slow = (name: string) =>
      writes.run(
        signal =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => {
              landed.push(name);
              resolve();
            }, 50);
            signal.addEventListener('abort', () => {
              clearTimeout(timer);
              reject(new Error('aborted'));
            });
          }),
      );

    await slow('first');
    const leftover = slow('second').catch(e => e.message);
    await writes.end();

    expect(await leftover).toBe('aborted');
    await expect(slow('third')).rejects.toThrow(/test has ended/);
    expect(landed).toEqual(['first']);
  });
});
