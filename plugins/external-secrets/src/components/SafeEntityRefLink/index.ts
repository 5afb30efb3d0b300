export { SafeEntityRefLink } from './SafeEntityRefLink';
export type { SafeEntityRefLinkProps } from './SafeEntityRefLink';
