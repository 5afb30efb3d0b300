/**
 * Reads a Vault ACL policy written in HCL into the structure of Vault's JSON policy format,
 * `{ "path": { "<path>": { "capabilities": ["read"] } } }`, so one set of rules checks both.
 *
 * It understands the part of HCL that policies use: blocks with string labels (`path "…" {}`),
 * attributes (`key = value`) whose values are strings, numbers, booleans, lists and objects,
 * and `#`, `//` and `/* … *\/` comments. Heredocs and interpolation are refused rather than
 * guessed at: a policy the pipeline generates never has them.
 */

/** A syntax error, with the 1-based line it is on. */
export class HclSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
    this.name = 'HclSyntaxError';
  }
}

type TokenType = 'string' | 'ident' | 'number' | 'punct' | 'end';

interface Token {
  type: TokenType;
  value: string;
  line: number;
}

const PUNCTUATION = new Set(['{', '}', '[', ']', '=', ',', ':']);
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '"': '"',
  '\\': '\\',
};

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new HclSyntaxError('unterminated /* comment', line);
      for (let j = i; j < end; j++) if (text[j] === '\n') line++;
      i = end + 2;
    } else if (c === '"') {
      const start = line;
      let value = '';
      i++;
      for (;;) {
        const d = text[i];
        if (d === undefined || d === '\n') {
          throw new HclSyntaxError('unterminated string', start);
        }
        i++;
        if (d === '"') break;
        if (d === '\\') {
          const e = text[i];
          if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 1, i + 5))) {
            value += String.fromCharCode(
              parseInt(text.slice(i + 1, i + 5), 16),
            );
            i += 5;
          } else if (e !== undefined && e in ESCAPES) {
            value += ESCAPES[e];
            i++;
          } else {
            throw new HclSyntaxError(`unknown escape \\${e ?? ''}`, line);
          }
        } else if (d === '$' && text[i] === '{') {
          throw new HclSyntaxError(
            'interpolation ("${…}") is not supported in a policy path',
            line,
          );
        } else {
          value += d;
        }
      }
      tokens.push({ type: 'string', value, line: start });
    } else if (c === '<' && text[i + 1] === '<') {
      throw new HclSyntaxError('heredocs are not supported', line);
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ type: 'punct', value: c, line });
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))!;
      tokens.push({ type: 'ident', value: match[0], line });
      i += match[0].length;
    } else if (/[-0-9]/.test(c)) {
      const match = /^-?[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
      if (!match) throw new HclSyntaxError(`unexpected "${c}"`, line);
      tokens.push({ type: 'number', value: match[0], line });
      i += match[0].length;
    } else {
      throw new HclSyntaxError(`unexpected "${c}"`, line);
    }
  }
  tokens.push({ type: 'end', value: '', line });
  return tokens;
}

/** The parsed policy, and the labels declared twice (`path "x"` written in two blocks). */
export interface HclDocument {
  value: Record<string, unknown>;
  /** Dotted fields declared more than once, e.g. `path["secret/data/x"]`. */
  duplicates: string[];
}

function fieldOf(parent: string, key: string, label: boolean): string {
  if (label || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
    return `${parent}[${JSON.stringify(key)}]`;
  }
  return parent ? `${parent}.${key}` : key;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Parser {
  private index = 0;
  readonly duplicates: string[] = [];

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  /** Entries up to `}` (or the end of the file at the top level). */
  body(field: string, closing: '}' | 'end'): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const token = this.peek();
      if (closing === 'end' && token.type === 'end') return out;
      if (closing === '}' && token.type === 'punct' && token.value === '}') {
        this.next();
        return out;
      }
      if (token.type === 'punct' && token.value === ',' && closing === '}') {
        this.next();
        continue;
      }
      if (token.type !== 'ident' && token.type !== 'string') {
        throw new HclSyntaxError(
          `expected a name, found ${describe(token)}`,
          token.line,
        );
      }
      this.next();
      this.entry(out, token.value, field, closing === '}');
    }
  }

  private entry(
    out: Record<string, unknown>,
    key: string,
    field: string,
    inObject: boolean,
  ) {
    const labels: string[] = [];
    while (this.peek().type === 'string' || this.peek().type === 'ident') {
      labels.push(this.next().value);
    }
    const token = this.peek();
    if (
      labels.length === 0 &&
      token.type === 'punct' &&
      (token.value === '=' || (token.value === ':' && inObject))
    ) {
      this.next();
      const keyField = fieldOf(field, key, false);
      const value = this.value(keyField);
      if (key in out) this.duplicates.push(keyField);
      out[key] = value;
      return;
    }
    if (token.type !== 'punct' || token.value !== '{') {
      throw new HclSyntaxError(
        `expected "=" or "{" after ${key}, found ${describe(token)}`,
        token.line,
      );
    }
    this.next();
    // `path "a" "b" { … }` nests as path.a.b, as HCL 1 decodes labelled blocks.
    let target = out;
    let targetField = fieldOf(field, key, false);
    const path = [key, ...labels];
    for (const [n, part] of path.entries()) {
      const last = n === path.length - 1;
      if (n > 0) targetField = fieldOf(targetField, part, true);
      if (last) {
        const block = this.body(targetField, '}');
        if (part in target) {
          this.duplicates.push(targetField);
          if (isObject(target[part])) {
            Object.assign(target[part] as Record<string, unknown>, block);
            return;
          }
        }
        target[part] = block;
        return;
      }
      if (!isObject(target[part])) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
  }

  private value(field: string): unknown {
    const token = this.next();
    if (token.type === 'string') return token.value;
    if (token.type === 'number') return Number(token.value);
    if (token.type === 'ident') {
      if (token.value === 'true') return true;
      if (token.value === 'false') return false;
      throw new HclSyntaxError(
        `"${token.value}" is not a value (quote strings)`,
        token.line,
      );
    }
    if (token.value === '[') {
      const list: unknown[] = [];
      for (;;) {
        const t = this.peek();
        if (t.type === 'punct' && t.value === ']') {
          this.next();
          return list;
        }
        list.push(this.value(`${field}[${list.length}]`));
        const sep = this.peek();
        if (sep.type === 'punct' && sep.value === ',') this.next();
        else if (!(sep.type === 'punct' && sep.value === ']')) {
          throw new HclSyntaxError(
            `expected "," or "]", found ${describe(sep)}`,
            sep.line,
          );
        }
      }
    }
    if (token.value === '{') return this.body(field, '}');
    throw new HclSyntaxError(
      `expected a value, found ${describe(token)}`,
      token.line,
    );
  }
}

function describe(token: Token): string {
  if (token.type === 'end') return 'the end of the file';
  if (token.type === 'string')
    return `the string ${JSON.stringify(token.value)}`;
  return `"${token.value}"`;
}

/**
 * Parses an HCL Vault policy; throws {@link HclSyntaxError} (with the line) when the text is
 * not the HCL a policy is written in.
 */
export function parseVaultPolicyHcl(text: string): HclDocument {
  const parser = new Parser(tokenize(text));
  const value = parser.body('', 'end');
  return { value, duplicates: parser.duplicates };
}
