/**
 * Items as a sentence lists them: "a", "a and b", "a, b and c" (or "a, b or c").
 *
 * @public
 */
export function formatList(
  items: readonly (string | number)[],
  conjunction: 'and' | 'or' = 'and',
): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} ${conjunction} ${
        items[items.length - 1]
      }`;
}
