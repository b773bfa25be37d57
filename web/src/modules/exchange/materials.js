// The materials (files) of notices and replies (issue 11, migration 041):
// the bytes go to the server as they are, with the original name in the
// query; the server decides the type from the content and refuses a name
// that does not match it, an empty or oversized file (its Chinese message is
// shown by the API client). Nothing here second-guesses it.
import { request } from '@/api/client.js';

// POST one File as material of the notice (and of the reply when replyId).
export function uploadMaterial(noticeId, file, replyId) {
  return request('POST', `/api/v1/agency-notices/${noticeId}/attachments`, {
    upload: { data: file, type: file.type || 'application/octet-stream' },
    query: { name: file.name, reply_id: replyId || undefined },
  });
}

// Upload several files one after the other; the ones that failed (the
// client has shown why) are returned by name.
export async function uploadMaterials(noticeId, files, replyId) {
  const failed = [];
  for (const f of files) {
    try {
      await uploadMaterial(noticeId, f, replyId);
    } catch {
      failed.push(f.name);
    }
  }
  return failed;
}

export function materialUrl(id) {
  return `/api/v1/notice-attachments/${id}/content`;
}

// "1.2 MB", "830 KB", "12 B"
export function formatSize(n) {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

// What the file input offers (the server checks the content anyway).
export const MATERIAL_ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,.txt,.csv';
