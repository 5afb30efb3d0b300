export { EntityExternalSecretsCard } from './EntityExternalSecretsCard';
export type { EntityExternalSecretsCardProps } from './EntityExternalSecretsCard';
