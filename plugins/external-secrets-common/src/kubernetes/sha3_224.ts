import { sha3_224 as sha3 } from '@noble/hashes/sha3';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** Hex SHA3-224 of a UTF-8 string, as ESO hashes long ExternalSecret names (isomorphic: no Node crypto). */
export function sha3_224(text: string): string {
  return bytesToHex(sha3(utf8ToBytes(text)));
}
