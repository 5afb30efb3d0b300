// Tests here start real servers and processes (the Backstage backend, moto, SQLite and
// PostgreSQL, the CLI): their speed follows the machine's, and a 2-core CI machine that is busy
// with other jobs runs them several times slower than an idle one. Jest's default of 5 s per test
// fails them there, so every test gets a generous bound; each still fails on a real hang.
jest.setTimeout(60_000);
