/**
 * For table cells: the Backstage theme sets `word-break: break-word` on them, which lets
 * a squeezed column break names letter by letter; this wraps between words only.
 */
export const WRAP_BETWEEN_WORDS = {
  wordBreak: 'normal',
  overflowWrap: 'break-word',
} as const;
