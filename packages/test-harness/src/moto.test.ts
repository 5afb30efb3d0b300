import { startMoto } from './moto';

describe('startMoto', () => {
  it('serves the moto API on loopback and stops cleanly', async () => {
    const moto = await startMoto();
    try {
      expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${moto.endpoint}/moto-api/data.json`);
      expect(response.status).toBe(200);
      await moto.reset();
    } finally {
      await moto.stop();
    }
    await expect(
      fetch(`${moto.endpoint}/moto-api/data.json`),
    ).rejects.toThrow();
  });

  it('can run its clock in the past', async () => {
    const moto = await startMoto({ clockOffsetSeconds: -3 * 86400 });
    try {
      const response = await fetch(moto.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'secretsmanager.CreateSecret',
          Authorization:
            'AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: JSON.stringify({ Name: 'n', SecretString: 'v' }),
      });
      expect(response.status).toBe(200);
      const listed = await fetch(moto.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'secretsmanager.ListSecrets',
          Authorization:
            'AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
      }).then(r => r.json());
      const created = listed.SecretList[0].CreatedDate * 1000;
      expect(Date.now() - created).toBeGreaterThan(2.9 * 86400_000);
    } finally {
      await moto.stop();
    }
  });
});
