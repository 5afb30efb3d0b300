import { secretMappingProblems } from './secretMappings';

describe('secretMappingProblems', () => {
  it('accepts distinct keys and names', () => {
    expect(
      secretMappingProblems([
        { property: 'username', envName: 'DB_USER' },
        {
          property: 'password',
          envName: 'DB_PASSWORD',
          secretKey: 'db-password',
        },
      ]),
    ).toEqual([]);
  });

  it('names the entries that write the same Secret key, the env name being the default key', () => {
    expect(
      secretMappingProblems([
        { property: 'a', envName: 'DB_PASSWORD' },
        { property: 'b', envName: 'OTHER', secretKey: 'x' },
        { property: 'c', envName: 'PASSWORD', secretKey: 'DB_PASSWORD' },
      ]),
    ).toEqual([
      'Entries 1 and 3 write the same Secret key "DB_PASSWORD": give each its own Secret key.',
    ]);
  });

  it('names the entries that set the same environment variable', () => {
    expect(
      secretMappingProblems([
        { envName: 'TOKEN', secretKey: 'a' },
        { envName: 'TOKEN', secretKey: 'b' },
        { envName: 'TOKEN', secretKey: 'c' },
      ]),
    ).toEqual([
      'Entries 1, 2 and 3 set the same environment variable "TOKEN": each needs its own name.',
    ]);
  });

  it('leaves empty entries and anything that is not a list to the schema', () => {
    expect(secretMappingProblems([{}, {}, null, 'x'])).toEqual([]);
    expect(secretMappingProblems(undefined)).toEqual([]);
    expect(secretMappingProblems({ envName: 'A' })).toEqual([]);
  });
});
