const PARAM = /[:*](?:"([^"]+)"|([\p{ID_Start}$_][\p{ID_Continue}$]*))?/gu;

/**
 * A Koa route path (path-to-regexp: `:id`, `*rest`) as an API gateway path: `/users/{id}`, and with `greedy`
 * a trailing wildcard as `{rest+}` (`{proxy+}` when unnamed). Optional groups have no gateway form. The deploy
 * descriptors write their routes with it, and the host names its route keys with it.
 */
export function gatewayPath(path: string, where: string, platform: string, greedy: boolean): string {
  if (/[{}()[\]?+!\\]/.test(path)) {
    throw new Error(`${where}: ${platform} cannot express the path ${JSON.stringify(path)}: declare one route per variant instead of optional groups or patterns`);
  }
  return path.replace(PARAM, (token, quoted: string | undefined, plain: string | undefined, offset: number) => {
    const name = quoted ?? plain;
    if (token.startsWith(':')) {
      if (!name) throw new Error(`${where}: path ${JSON.stringify(path)} has a ':' without a parameter name`);
      return `{${name}}`;
    }
    const last = offset + token.length === path.length && path[offset - 1] === '/';
    if (!greedy || !last) {
      throw new Error(`${where}: ${platform} cannot express the wildcard in ${JSON.stringify(path)}${greedy ? ': it must be a whole last segment' : ''}`);
    }
    return `{${name ?? 'proxy'}+}`;
  });
}
