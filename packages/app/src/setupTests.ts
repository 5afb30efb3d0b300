import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering the whole app in jsdom is CPU work whose speed follows the machine's: a busy 2-core
// CI machine runs it several times slower than an idle one, so Jest and Testing Library get
// generous bounds; a test that really hangs still fails.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });
