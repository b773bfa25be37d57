// Keyset paging state for a list endpoint that answers {items, next_cursor}
// to ?limit=&cursor= (officers, trainings). cursors[i] is the cursor of
// page i + 1 (null for the first page).
import { reactive } from 'vue';
import { api } from '@/api/client.js';

export function useKeysetList(path, limit = 50) {
  const state = reactive({ items: [], page: 1, next: null, cursors: [null], loading: false });
  async function fetchPage(query, page) {
    state.loading = true;
    try {
      const cursor = state.cursors[page - 1];
      const data = await api.get(path, { query: { ...query, limit, ...(cursor ? { cursor } : {}) } });
      state.items = data.items || [];
      state.next = data.next_cursor || null;
      state.page = page;
      state.cursors[page] = state.next;
    } finally {
      state.loading = false;
    }
  }
  return {
    state,
    // a new query starts again from the first page
    first: (query) => {
      state.cursors = [null];
      return fetchPage(query, 1);
    },
    next: (query) => (state.next ? fetchPage(query, state.page + 1) : Promise.resolve()),
    prev: (query) => (state.page > 1 ? fetchPage(query, state.page - 1) : Promise.resolve()),
    reload: (query) => fetchPage(query, state.page),
  };
}
