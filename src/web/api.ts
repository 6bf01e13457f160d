/**
 * The API client: fetch with the session cookie, the CSRF token (from GET /api/session) on every state-changing
 * request, and errors as { code, message } turned into a Chinese message (P4, X5). When the server says the session
 * is gone (NOT_LOGGED_IN, SESSION_REPLACED, SESSION_IDLE …) the app goes to the login page and shows the reason there,
 * so an older browser learns why it was logged out.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  /** Do not show the error as a toast: the caller displays it itself. */
  silent?: boolean;
  /** Do not go to the login page on 401 (the login and simulator pages, which work without a session). */
  noAuthRedirect?: boolean;
  /** A background poll (the inbox bell): not user activity, so the server does not reset the idle timeout. */
  background?: boolean;
}

type Notifier = (text: string) => void;
type UnauthorizedHandler = (err: ApiError) => void;

let csrfToken: string | null = null;
let notifyError: Notifier = () => {};
let onUnauthorized: UnauthorizedHandler = () => {};
let lastActivity = Date.now();
const activityListeners = new Set<(at: number) => void>();

/** When the last request made by the user (not a background poll) left: the idle-timeout countdown starts there. */
export function lastActivityAt(): number {
  return lastActivity;
}
export function onActivity(listener: (at: number) => void): () => void {
  activityListeners.add(listener);
  return () => void activityListeners.delete(listener);
}

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}
export function setErrorNotifier(n: Notifier) {
  notifyError = n;
}
export function setUnauthorizedHandler(h: UnauthorizedHandler) {
  onUnauthorized = h;
}

/** Requests that need no session (and therefore no CSRF token). */
const PUBLIC_WRITES = [/^\/api\/auth\/qr$/, /^\/api\/essc-sim\//];

const SAFE = new Set(["GET", "HEAD"]);

async function parseBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function ensureCsrf(): Promise<void> {
  if (csrfToken) return;
  const s = (await request<{ csrfToken: string }>("GET", "/api/session")) as { csrfToken: string };
  csrfToken = s.csrfToken;
}

export async function request<T>(method: string, url: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (opts.background) headers["x-els-background"] = "1";
  else {
    lastActivity = Date.now();
    for (const l of activityListeners) l(lastActivity);
  }
  if (!SAFE.has(method) && !PUBLIC_WRITES.some((re) => re.test(url))) {
    await ensureCsrf();
    headers["x-csrf-token"] = csrfToken ?? "";
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    const err = new ApiError(0, "NETWORK_ERROR", "无法连接服务器，请检查网络后重试");
    if (!opts.silent) notifyError(err.message);
    throw err;
  }
  const data = await parseBody(res);
  if (res.ok) return data as T;

  const e = (data && typeof data === "object" ? data : {}) as { code?: string; message?: string; details?: unknown };
  const err = new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? `请求失败（${res.status}）`, e.details);
  if (res.status === 401) {
    csrfToken = null;
    if (!opts.noAuthRedirect) {
      onUnauthorized(err);
      throw err;
    }
  }
  if (err.code === "CSRF_TOKEN_INVALID") csrfToken = null;
  if (!opts.silent) notifyError(err.message);
  throw err;
}

export const api = {
  get: <T>(url: string, opts?: RequestOptions) => request<T>("GET", url, undefined, opts),
  post: <T>(url: string, body?: unknown, opts?: RequestOptions) => request<T>("POST", url, body ?? {}, opts),
  put: <T>(url: string, body?: unknown, opts?: RequestOptions) => request<T>("PUT", url, body ?? {}, opts),
  del: <T>(url: string, opts?: RequestOptions) => request<T>("DELETE", url, undefined, opts),
};

/** Build a query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : "";
}

/** Download a file answer (PDF, Excel) through the browser, keeping the session cookie; errors carry the API's message. */
export async function download(url: string, filename: string) {
  const res = await fetch(url, { credentials: "same-origin" });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new Error(body.message ?? `下载失败（${res.status}）`);
  }
  const blob = await res.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
