import { formatList } from './formatList';

describe('formatList', () => {
  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [[1, 2, 3], '1, 2 and 3'],
  ])('lists %j as "%s"', (items, text) => {
    expect(formatList(items)).toBe(text);
  });

  it('joins alternatives with "or"', () => {
    expect(formatList(['a', 'b', 'c'], 'or')).toBe('a, b or c');
  });
});
