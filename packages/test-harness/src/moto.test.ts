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
});
