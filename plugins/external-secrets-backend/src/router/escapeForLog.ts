/** Longest request value written to a log line; the rest is cut with an ellipsis. */
const MAX_LOGGED_LENGTH = 256;

/**
 * A request value made safe for a log line: control characters (newlines, carriage returns,
 * ESC of ANSI colour sequences, DEL, C1 controls) and the Unicode line separators are written
 * as `\n`, `\r`, `\t` or `\xNN`/`\uNNNN` escapes, so a value can neither start a new log line
 * nor recolour a terminal; long values are cut.
 */
export function escapeForLog(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut =
    text.length > MAX_LOGGED_LENGTH
      ? `${text.slice(0, MAX_LOGGED_LENGTH)}…`
      : text;
  // eslint-disable-next-line no-control-regex
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/g, char => {
    switch (char) {
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default: {
        const code = char.charCodeAt(0);
        return code <= 0xff
          ? `\\x${code.toString(16).padStart(2, '0')}`
          : `\\u${code.toString(16).padStart(4, '0')}`;
      }
    }
  });
}
