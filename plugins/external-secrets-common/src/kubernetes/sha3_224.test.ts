import { sha3_224 } from './sha3_224';

describe('sha3_224', () => {
  // Expected digests from `openssl dgst -sha3-224`.
  it.each([
    ['', '6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7'],
    ['abc', 'e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf'],
    [
      'a-very-long-external-secret-name-for-the-payments-api',
      'c56c8e431a66a5ec786f58708ac7a8c3600d6c32a51a4b5c819c14e2',
    ],
    ['é', '6bf95fe72d7fca50d606bb05c183f7b2b63df077ff61cd0d0d1f45dd'],
    // One byte short of the rate, exactly the rate, and several blocks.
    [
      'y'.repeat(143),
      '119080c37bb678c36f1e7fb2454b5cdb8cb9554269567bd3bfbbbf0e',
    ],
    [
      'y'.repeat(144),
      'e5fbe7e6079537677b628033e371581520983019268af1e9343b6217',
    ],
    [
      'x'.repeat(200),
      'abc93b8bf26dd0d48b74004f33f4c184d94322938a5c6b15469b1aac',
    ],
  ])('hashes %j', (text, digest) => {
    expect(sha3_224(text)).toBe(digest);
  });
});
