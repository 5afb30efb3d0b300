import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ClusterAuthStrategies } from './ClusterAuthStrategies';

/**
 * `googleServiceAccount` and `azure` cannot reach their clouds here. These tests run the
 * Kubernetes plugin's strategies as the backend uses them, with the clouds' official SDKs
 * (google-auth-library through @google-cloud/container, @azure/identity), against a local
 * token endpoint: the one edge no test can reach for real. What is proven: the SDK's own
 * exchange runs, and its token becomes the cluster's bearer credential.
 */
describe('cloud identity strategies against a local token endpoint', () => {
  let server: http.Server;
  let endpoint: string;
  const requests: Array<{ method?: string; url?: string; body: string }> = [];
  let answer: object = {};

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        requests.push({ method: req.method, url: req.url, body });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    requests.length = 0;
  });

  const cluster = (provider: string) => ({
    name: 'c',
    url: 'https://c.example.com',
    authMetadata: { 'kubernetes.io/auth-provider': provider },
  });

  it('googleServiceAccount: a workload identity federation credential, exchanged at its STS endpoint', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gcp-'));
    const subjectToken = path.join(dir, 'token');
    fs.writeFileSync(subjectToken, 'subject-jwt');
    answer = {
      access_token: 'ya29.from-local-sts',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: 3600,
    };
    try {
      const strategies = new ClusterAuthStrategies({
        config: new ConfigReader({
          kubernetes: {
            googleServiceAccountCredentials: JSON.stringify({
              type: 'external_account',
              audience:
                '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/backstage/providers/k8s',
              subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
              token_url: `${endpoint}/v1/token`,
              credential_source: { file: subjectToken },
            }),
          },
        }),
        logger: mockServices.logger.mock(),
      });
      expect(
        await strategies.getCredential(cluster('googleServiceAccount')),
      ).toEqual({ type: 'bearer token', token: 'ya29.from-local-sts' });
      expect(requests).toHaveLength(1);
      expect(requests[0].url).toBe('/v1/token');
      expect(new URLSearchParams(requests[0].body).get('subject_token')).toBe(
        'subject-jwt',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('azure: a managed identity token from the instance metadata endpoint, for the AKS server application', async () => {
    const previous = process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
    // @azure/identity's own setting for where the metadata endpoint is.
    process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = endpoint;
    answer = {
      access_token: 'aks-token-from-local-imds',
      token_type: 'Bearer',
      expires_in: '3600',
      expires_on: String(Math.floor(Date.now() / 1000) + 3600),
      resource: '6dae42f8-4368-4678-94ff-3960e28e3630',
    };
    try {
      const strategies = new ClusterAuthStrategies({
        config: new ConfigReader({}),
        logger: mockServices.logger.mock(),
      });
      expect(await strategies.getCredential(cluster('azure'))).toEqual({
        type: 'bearer token',
        token: 'aks-token-from-local-imds',
      });
      const token = requests.find(r =>
        r.url?.startsWith('/metadata/identity/oauth2/token'),
      );
      expect(token?.url).toContain(
        'resource=6dae42f8-4368-4678-94ff-3960e28e3630',
      );
    } finally {
      if (previous === undefined)
        delete process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
      else process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = previous;
    }
  });
});
