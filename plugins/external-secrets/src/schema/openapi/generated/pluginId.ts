export const pluginId = 'external-secrets';
