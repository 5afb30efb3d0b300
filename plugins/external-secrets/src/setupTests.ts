import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering Material UI tables in jsdom is CPU work whose speed follows the machine's: a 2-core CI
// machine busy with other jobs runs it several times slower than an idle one. Jest's 5 s per test
// and Testing Library's 1 s for findBy/waitFor fail there, so both get a generous bound; a test
// that really hangs still fails.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });
