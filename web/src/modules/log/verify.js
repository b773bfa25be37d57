// Checks, in the browser, what the transparency log (R22, RFC 9162) hands
// out, so that a reader need not trust the page's word:
//   leaf hash  = SHA-256(0x00 || canonical event bytes)
//   node hash  = SHA-256(0x01 || left || right)
//   inclusion  = RFC 9162 §2.1.3.2 path from the leaf up to the root
//   checkpoint = Ed25519 signature over signed_text
// Web Crypto exists only in secure contexts (https, or http on localhost);
// elsewhere `available()` is false and the page says the check was skipped.

export function available() {
  return typeof globalThis.crypto !== 'undefined' && !!globalThis.crypto.subtle;
}

export function hexToBytes(hex) {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) {
    throw new Error('无效的十六进制串');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256(...parts) {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    buf.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
}

export async function leafHash(canonical) {
  return bytesToHex(await sha256(Uint8Array.of(0), new TextEncoder().encode(canonical)));
}

// True when `path` proves that the leaf at `index` is in the tree of
// `treeSize` leaves whose root is `rootHex`.
export async function verifyInclusion(index, treeSize, leafHex, path, rootHex) {
  let fn = BigInt(index);
  let sn = BigInt(treeSize) - 1n;
  if (fn > sn) return false;
  let r = hexToBytes(leafHex);
  const one = Uint8Array.of(1);
  for (const hex of path) {
    const p = hexToBytes(hex);
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await sha256(one, p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await sha256(one, r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && bytesToHex(r) === String(rootHex).toLowerCase();
}

// The signed text must state the same size, root and time as the fields
// shown: "zhifa checkpoint v1\n" origin "\n" size "\n" root "\n" time "\n".
export function signedTextMatches(checkpoint) {
  const lines = String(checkpoint.signed_text || '').split('\n');
  return (
    lines.length === 6 &&
    lines[0] === 'zhifa checkpoint v1' &&
    lines[2] === String(checkpoint.tree_size) &&
    lines[3] === String(checkpoint.root_hash) &&
    lines[4] === String(checkpoint.timestamp) &&
    lines[5] === ''
  );
}

// true / false, or null when this browser has no Ed25519 in Web Crypto.
export async function verifyCheckpointSignature(checkpoint) {
  if (!signedTextMatches(checkpoint)) return false;
  let key;
  try {
    key = await crypto.subtle.importKey('raw', hexToBytes(checkpoint.public_key), { name: 'Ed25519' }, false, [
      'verify',
    ]);
  } catch {
    return null;
  }
  try {
    return await crypto.subtle.verify(
      { name: 'Ed25519' },
      key,
      hexToBytes(checkpoint.signature),
      new TextEncoder().encode(checkpoint.signed_text),
    );
  } catch {
    return false;
  }
}
