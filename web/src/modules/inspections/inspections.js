// Shared helpers of the on-site inspection pages (issue 7, R16–R18): labels,
// the client ids every create and upload carries (a retry is harmless: the
// server answers the stored record), and evidence uploads hashed on the
// device with Web Crypto before they leave it (R18: the hash binds the photo
// to the moment it was taken; the server refuses bytes that do not match).
import { ApiError } from '@/api/client.js';
import { useSessionStore } from '@/modules/auth/session.js';

export const SOURCES = {
  ad_hoc: '其他', complaint: '投诉举报', accident: '事故', follow_up: '复查', referral: '移送',
  plan: '年度计划', draw: '双随机', credit: '信用惩戒',
};
export const STATUS = { open: '检查中', signed: '已签字', closed: '已归档' };
export const POSTS = { principal: '主要负责人', safety_manager: '安全管理人员', operator: '作业人员' };
export const ANSWERS = { yes: '是', no: '否', na: '不适用' };
export const GRADES = { ordinary: '一般事故隐患', major: '重大事故隐患' };
export const HAZARD_STATUS = { open: '待整改', rectified: '已整改待复查', verified: '已复查验收' };
export const STAGES = [
  { key: 'notice', name: '执法告知' },
  { key: 'onsite', name: '现场检查' },
  { key: 'feedback', name: '交流反馈' },
];

export function clientId() {
  return crypto.randomUUID();
}

// Local time "YYYY-MM-DDTHH:MM" (the phone's clock, Asia/Shanghai).
export function nowLocal() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function todayLocal() {
  return nowLocal().slice(0, 10);
}

export async function sha256Hex(blob) {
  const buf = await blob.arrayBuffer();
  const digest = await crypto.subtle.digest('SHA-256', buf);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

// POST the bytes of blob as evidence of the inspection. meta: {kind,
// clientId, sha256, takenAt, findingId?, hazardId?}; the same clientId again
// is answered with the stored record.
export async function uploadEvidence(inspectionId, blob, meta) {
  const session = useSessionStore();
  const headers = {
    'Content-Type': blob.type || 'application/octet-stream',
    'X-CSRF-Token': session.csrfToken,
    'X-Client-Id': meta.clientId,
    'X-Evidence-Kind': meta.kind,
    'X-Content-SHA256': meta.sha256,
    'X-Taken-At': meta.takenAt,
  };
  if (meta.findingId) headers['X-Finding-Id'] = String(meta.findingId);
  if (meta.hazardId) headers['X-Hazard-Id'] = String(meta.hazardId);
  let res;
  try {
    res = await fetch(`/api/v1/inspections/${inspectionId}/evidence`, { method: 'POST', headers, body: blob, credentials: 'include' });
  } catch {
    throw new ApiError({});
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError({ status: res.status, ...(body.error || {}) });
  return body;
}
