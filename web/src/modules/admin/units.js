// Helpers around GET /api/v1/units, which answers the caller's units as a
// flat list in tree order, each with its parent_id.
import { api } from '@/api/client.js';

export async function fetchUnits() {
  const data = await api.get('/api/v1/units');
  return data.items || [];
}

// Flat list → forest for ElTable / ElTreeSelect. A unit whose parent is
// outside the caller's scope becomes a root. Keeps the server's order.
export function buildUnitTree(units) {
  const byId = new Map();
  for (const u of units) byId.set(String(u.id), { ...u, children: [] });
  const roots = [];
  for (const node of byId.values()) {
    const parent = node.parent_id == null ? null : byId.get(String(node.parent_id));
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  // ElTable shows an expand arrow for any `children` array; leaves have none.
  for (const node of byId.values()) if (node.children.length === 0) delete node.children;
  return roots;
}
