/** A Node.js runtime a platform offers: its identifier there (`nodejs24.x`, `nodejs20`, `Nodejs20.15`) and its Node major. */
export interface NodeRuntime {
  name: string;
  node: number;
}

/**
 * The runtime a build uses on a platform: the one asked for (the app's choice), else the platform's default, the
 * first of its list (newest first). A runtime the platform does not offer is an error naming the choices.
 */
export function chooseRuntime(platform: string, offered: NodeRuntime[], requested?: string): NodeRuntime {
  if (requested === undefined) return offered[0];
  const runtime = offered.find((candidate) => candidate.name === requested);
  if (!runtime) {
    throw new Error(`${platform} offers no Node.js runtime ${JSON.stringify(requested)}: choose ${offered.map((candidate) => candidate.name).join(', ')}`);
  }
  return runtime;
}
