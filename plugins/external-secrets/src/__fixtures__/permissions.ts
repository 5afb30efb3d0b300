import { PermissionApi } from '@backstage/plugin-permission-react';

/**
 * A permission API that allows or denies everything. The AuthorizeResult enum lives in
 * plugin-permission-common, which this package does not depend on; its values are the
 * strings used here.
 */
export function permissionApiStub(allow: boolean) {
  const authorize = jest.fn(async () => ({ result: allow ? 'ALLOW' : 'DENY' }));
  return { authorize } as unknown as PermissionApi & {
    authorize: typeof authorize;
  };
}
