import { HclSyntaxError, parseVaultPolicyHcl } from './vaultPolicyHcl';

function syntaxError(text: string): { line: number; message: string } {
  try {
    parseVaultPolicyHcl(text);
  } catch (error) {
    if (error instanceof HclSyntaxError) {
      return { line: error.line, message: error.message };
    }
    throw error;
  }
  throw new Error('parsed');
}

describe('parseVaultPolicyHcl', () => {
  it('reads path blocks into the JSON policy structure, skipping every kind of comment', () => {
    const text = [
      '# ESO reads one secret.',
      '// and nothing else',
      '/* a block',
      '   comment */',
      'path "secret/data/checkout/prod/db" {',
      '  capabilities = ["read"] # trailing',
      '}',
      '',
      'path "kv/team/data/a" {',
      '  capabilities = ["read", "list",]',
      '  allowed_parameters = {',
      '    "version" = []',
      '    "*" = ["1", 2, true]',
      '  }',
      '  min_wrapping_ttl = "1s"',
      '}',
    ].join('\n');
    expect(parseVaultPolicyHcl(text)).toEqual({
      value: {
        path: {
          'secret/data/checkout/prod/db': { capabilities: ['read'] },
          'kv/team/data/a': {
            capabilities: ['read', 'list'],
            allowed_parameters: { version: [], '*': ['1', 2, true] },
            min_wrapping_ttl: '1s',
          },
        },
      },
      duplicates: [],
    });
  });

  it('reads string escapes', () => {
    expect(
      parseVaultPolicyHcl('path "a\\"b\\\\c\\u0041" { capabilities = [] }')
        .value,
    ).toEqual({ path: { 'a"b\\cA': { capabilities: [] } } });
  });

  it('merges a path declared twice, and names it', () => {
    const { value, duplicates } = parseVaultPolicyHcl(
      [
        'path "secret/data/a" { capabilities = ["read"] }',
        'path "secret/data/a" { capabilities = ["update"] }',
      ].join('\n'),
    );
    expect(value).toEqual({
      path: { 'secret/data/a': { capabilities: ['update'] } },
    });
    expect(duplicates).toEqual(['path["secret/data/a"]']);
  });

  it('names an attribute set twice', () => {
    expect(
      parseVaultPolicyHcl(
        'path "a" {\n capabilities = ["read"]\n capabilities = ["list"]\n}',
      ).duplicates,
    ).toEqual(['path["a"].capabilities']);
  });

  it.each([
    ['path "a" {', 1, 'expected a name, found the end of the file'],
    ['path "a" {\n  capabilities = [read]\n}', 2, '"read" is not a value'],
    ['path "a\n" {}', 1, 'unterminated string'],
    [
      '\n\npath "a" { capabilities = ["read" "list"] }',
      3,
      'expected "," or "]"',
    ],
    ['path "a" {}\n/* open', 2, 'unterminated /* comment'],
    ['path "${var.x}" {}', 1, 'interpolation'],
    ['path "a" {\n  capabilities = <<EOF\nread\nEOF\n}', 2, 'heredocs'],
    ['path "a" ; {}', 1, 'unexpected ";"'],
    ['path = ', 1, 'expected a value, found the end of the file'],
    ['path "a" "b"', 1, 'expected "=" or "{" after path'],
  ])('refuses %j with the line', (text, line, message) => {
    const error = syntaxError(text);
    expect(error.line).toBe(line);
    expect(error.message).toContain(message);
  });
});
