/** The current account (GET /api/session): who is logged in, what they may use, and the CSRF token for writes. */
import { useQuery } from "@tanstack/react-query";
import { api, setCsrfToken } from "./api.js";
import type { SessionInfo, Subsystem } from "./types.js";

export const SESSION_KEY = ["session"] as const;

export async function fetchSession(opts: { noAuthRedirect?: boolean } = {}): Promise<SessionInfo> {
  const s = await api.get<SessionInfo>("/api/session", { silent: true, noAuthRedirect: opts.noAuthRedirect });
  setCsrfToken(s.csrfToken);
  return s;
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: () => fetchSession(), staleTime: 60_000, refetchOnWindowFocus: true });
}

/** The session, for components rendered inside the main layout (which waits for it). */
export function useCurrentSession(): SessionInfo {
  const { data } = useSession();
  if (!data) throw new Error("useCurrentSession outside the main layout");
  return data;
}

export const hasPermission = (s: SessionInfo, permission: string) => s.permissions.includes(permission);
export const hasSubsystem = (s: SessionInfo, code: Subsystem) => s.subsystems.some((x) => x.code === code && x.granted);
