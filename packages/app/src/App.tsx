import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';

// Plugins listed in package.json are discovered through `app.packages: all`
// (including @eso-health/plugin-external-secrets/alpha); only the catalog is
// passed explicitly because the nav module refers to it.
export default createApp({
  features: [catalogPlugin, navModule],
});
