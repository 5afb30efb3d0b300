export { SafeBoundary } from './SafeBoundary';
