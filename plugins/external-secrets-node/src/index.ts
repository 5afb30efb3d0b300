/**
 * Node.js building blocks shared by the External Secrets backend and the drift CLI.
 *
 * @packageDocumentation
 */
export * from './manifests/readManifests';
