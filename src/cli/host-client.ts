import { tokenHeaders } from './host-token.js';

/**
 * GETs one of a running host's control routes (`/-/status`, `/-/bill`) with its token, as JSON. A host that is not
 * there, refuses the call (403, its message) or answers something else is said plainly; `hint` says what to do
 * when nothing answers.
 */
export async function fetchFromHost<T>(url: string, path: string, token: string | undefined, hint: string): Promise<T> {
  const target = new URL(path, url);
  let res: Response;
  try {
    res = await fetch(target, { headers: tokenHeaders(token), signal: AbortSignal.timeout(5000) });
  } catch (err) {
    const cause = (err as Error).cause instanceof Error ? ((err as Error).cause as Error) : (err as Error);
    throw new Error(`no wick host answers at ${url} (${cause.message}): ${hint}`);
  }
  if (res.status === 403) throw new Error(`${target} answered 403: ${((await res.json().catch(() => ({}))) as { Message?: string }).Message ?? 'refused'}`);
  if (!res.ok) throw new Error(`${target} answered ${res.status}: is this a wick host?`);
  return (await res.json()) as T;
}
