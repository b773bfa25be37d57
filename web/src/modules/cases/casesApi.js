// Look-ups the case pages share: the signed-in user's officer record (for
// "我的案件" and the team), enterprises and catalogue items for the pickers,
// the deadline rules with their legal sources.
import { api } from '@/api/client.js';

let myOfficerPromise = null;
let myOfficerUser = null;
// The officer record linked to the signed-in account, or null.
export function myOfficer(session) {
  if (!myOfficerPromise || myOfficerUser !== session.user?.id) {
    myOfficerUser = session.user?.id;
    const unitId = session.user?.unit?.id;
    myOfficerPromise = api
      .get('/api/v1/officers', { query: { unit_id: unitId, limit: 200 }, silent: true })
      .then((d) => (d.items || []).find((o) => o.user_id === session.user?.id) || null)
      .catch(() => null);
  }
  return myOfficerPromise;
}

export async function searchEnterprises(q) {
  const d = await api.get('/api/v1/enterprises', { query: { q, limit: 20 } });
  return d.items || [];
}

export async function searchItems(q) {
  const d = await api.get('/api/v1/catalogue', { query: { q, limit: 30 } });
  return d.items || [];
}

let rulesPromise = null;
export function deadlineRules() {
  if (!rulesPromise) {
    rulesPromise = api
      .get('/api/v1/deadlines/rules', { silent: true })
      .then((d) => Object.fromEntries((d.items || []).map((r) => [r.name, r])))
      .catch(() => ({}));
  }
  return rulesPromise;
}
