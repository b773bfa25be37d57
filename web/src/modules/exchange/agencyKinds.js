// The kinds of partner agency ({code, name}), as GET /api/v1/agencies
// answers them with every page: asked once per page load and kept.
import { api } from '@/api/client.js';

let kinds = null;
export function agencyKinds() {
  if (!kinds) {
    kinds = api.get('/api/v1/agencies', { query: { limit: 1 } })
      .then((r) => r.kinds)
      .catch((e) => { kinds = null; throw e; });
  }
  return kinds;
}
