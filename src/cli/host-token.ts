import { Option } from 'commander';

/** `--token` of `wick host` (the token its control routes require) and of the commands that call one (`status`, `bill`, `invoke --url`). */
export function tokenOption(description: string): Option {
  return new Option('--token <token>', description).env('WICK_HOST_TOKEN');
}

/** What a call to a host's control routes carries: the token as a bearer token, when there is one. */
export function tokenHeaders(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}
