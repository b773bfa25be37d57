// Checking an inclusion proof of the full-process log in the browser, so a
// receipt holder need not trust the server's own answer: RFC 9162 §2.1.3
// hashing (leaf = SHA-256(0x00 || event), node = SHA-256(0x01 || left ||
// right)) with Web Crypto. The path runs from the leaf up; the tree's shape
// follows from index and size (split at the largest power of two < n).

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function fromHex(s) {
  if (!/^[0-9a-f]{64}$/.test(s)) return null;
  return Uint8Array.from(s.match(/../g), (h) => parseInt(h, 16));
}

async function nodeHash(left, right) {
  const buf = new Uint8Array(65);
  buf[0] = 1;
  buf.set(left, 1);
  buf.set(right, 33);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
}

function split(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// The root rebuilt from leaf `index` of a tree of `size` leaves and its
// audit path (hex strings, leaf level first); null when the path does not
// fit the tree.
export async function rootFromInclusion(index, size, leafHex, pathHex) {
  const leaf = fromHex(leafHex);
  const rest = pathHex.map(fromHex);
  if (!leaf || rest.some((h) => !h) || !(index >= 0 && index < size)) return null;
  async function walk(i, n) {
    if (n === 1) return leaf;
    const sibling = rest.pop();
    if (!sibling) return null;
    const k = split(n);
    const below = i < k ? await walk(i, k) : await walk(i - k, n - k);
    if (!below) return null;
    return i < k ? nodeHash(below, sibling) : nodeHash(sibling, below);
  }
  const root = await walk(index, size);
  return root && rest.length === 0 ? hex(root) : null;
}
