// The one place the web app talks to the zhifa server.
//
// Every call sends and receives JSON, carries the session cookie, and adds
// the X-CSRF-Token header to state-changing requests (POST/PUT/PATCH/DELETE).
// The server's error envelope {"error":{"code","message","field"}} becomes an
// ApiError whose Chinese message is shown with ElMessage unless the caller
// asks to show it itself ({ silent: true }, e.g. the login form's alert).
// A 401 on anything but the login call means the session is gone: the
// configured handler sends the user to the login page.
//
// The client holds no state of its own: main.js wires it to the pinia
// session store (csrfToken) and to the router (onUnauthorized), so this file
// imports neither and has no import cycle with them.
import { ElMessage } from 'element-plus';

export const NETWORK_ERROR_MESSAGE = '无法连接服务器，请检查网络';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const hooks = {
  csrfToken: () => '',
  onUnauthorized: () => {},
};

// main.js: configureClient({ csrfToken: () => store.csrfToken, onUnauthorized: … })
export function configureClient(options) {
  Object.assign(hooks, options);
}

export class ApiError extends Error {
  constructor({ status = 0, code = 'http.network', message = NETWORK_ERROR_MESSAGE, field, errors } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || null;
    // the per-line problems of a rejected file (import.rejected), or null
    this.errors = Array.isArray(errors) ? errors : null;
  }
}

function fallbackMessage(status) {
  if (status === 401) return '请先登录';
  if (status === 403) return '没有权限执行此操作';
  if (status === 404) return '请求的内容不存在';
  if (status === 409) return '数据已被他人修改，请刷新后重试';
  if (status === 413) return '提交的内容过大';
  if (status === 429) return '操作过于频繁，请稍后再试';
  if (status >= 500) return '服务器内部错误，请稍后再试';
  return `请求失败（${status}）`;
}

function buildUrl(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

// request('GET', '/api/v1/users', { query: { q: '张' } })
// Options: body (sent as JSON), upload ({ data, type }: a file's bytes sent
// as they are, e.g. a CSV), query (object), silent (do not show the error
// message), noAuthRedirect (a 401 is an answer, not a lost session).
// Resolves with the parsed JSON body (undefined for 204); rejects with ApiError.
export async function request(method, path, options = {}) {
  const { body, upload, query, silent = false, noAuthRedirect = false } = options;
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'include' };
  if (upload) {
    headers['Content-Type'] = upload.type;
    init.body = upload.data;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (UNSAFE_METHODS.has(method)) {
    const token = hooks.csrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }

  let response;
  try {
    response = await fetch(buildUrl(path, query), init);
  } catch {
    const err = new ApiError();
    if (!silent) ElMessage.error(err.message);
    throw err;
  }

  let data;
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (response.ok) return data;

  const envelope = data && typeof data === 'object' && data.error ? data.error : {};
  const err = new ApiError({
    status: response.status,
    code: envelope.code || `http.${response.status}`,
    message: envelope.message || fallbackMessage(response.status),
    field: envelope.field,
    errors: envelope.errors,
  });
  if (!silent) ElMessage.error(err.message);
  if (response.status === 401 && !noAuthRedirect) hooks.onUnauthorized(err);
  throw err;
}

export const api = {
  get: (path, options) => request('GET', path, options),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  patch: (path, body, options) => request('PATCH', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
};
