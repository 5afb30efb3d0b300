export { Lab } from './lab';
