import { validateClusterUrl } from './validateClusterUrl';

describe('validateClusterUrl', () => {
  it('takes an https URL of a public address', async () => {
    await expect(
      validateClusterUrl('https://8.8.8.8:443', {}),
    ).resolves.toBeInstanceOf(URL);
  });

  it.each([
    ['not a url', /is not a valid URL/],
    ['https://user:pw@8.8.8.8', /must not contain credentials/],
    ['ftp://8.8.8.8', /must use https/],
    ['http://8.8.8.8', /must use https \(or list 8.8.8.8/],
    ['https://127.0.0.1:6443', /not a public address/],
    ['https://10.0.0.1', /not a public address/],
    ['https://[::1]:6443', /not a public address/],
    ['https://localhost:6443', /not a public address/],
  ])('refuses %s', async (url, message) => {
    await expect(validateClusterUrl(url, {})).rejects.toThrow(message);
  });

  it('lets listed hosts be private or plain http', async () => {
    const policy = {
      dangerouslyAllowClusterUrls: ['127.0.0.1', '*.lab.internal'],
    };
    await expect(
      validateClusterUrl('http://127.0.0.1:6443', policy),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      validateClusterUrl('https://api.lab.internal', policy),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      validateClusterUrl('https://127.0.0.2', policy),
    ).rejects.toThrow(/not a public address/);
  });
});
