// Label and field selectors as the API server parses them (the subset real clients send):
// `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, comma-separated (AND).

export interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!exists';
  values: string[];
}

/** Splits at commas that are not inside parentheses. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map(t => t.trim()).filter(Boolean);
}

/** Throws on a malformed selector (answered with 400 BadRequest). */
export function parseSelector(selector: string | null): Requirement[] {
  if (!selector) return [];
  return terms(selector).map(term => {
    let m = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (m) {
      return {
        key: m[1],
        op: m[2] === '!=' ? 'notin' : 'in',
        values: [m[3]],
      };
    }
    m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (m) {
      return {
        key: m[1],
        op: m[2] as 'in' | 'notin',
        values: m[3].split(',').map(v => v.trim()),
      };
    }
    m = /^!\s*(\S+)$/.exec(term);
    if (m) return { key: m[1], op: '!exists', values: [] };
    if (/^[A-Za-z0-9./_-]+$/.test(term))
      return { key: term, op: 'exists', values: [] };
    throw new Error(`unable to parse requirement: ${term}`);
  });
}

export function matches(
  values: Record<string, string> | undefined,
  requirements: Requirement[],
): boolean {
  for (const req of requirements) {
    const value = values?.[req.key];
    switch (req.op) {
      case 'in':
        if (value === undefined || !req.values.includes(value)) return false;
        break;
      case 'notin':
        if (value !== undefined && req.values.includes(value)) return false;
        break;
      case 'exists':
        if (value === undefined) return false;
        break;
      case '!exists':
        if (value !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The values an equality requirement on `key` allows, or undefined when there is none. */
export function equalityValues(
  requirements: Requirement[],
  key: string,
): string[] | undefined {
  return requirements.find(r => r.key === key && r.op === 'in')?.values;
}
