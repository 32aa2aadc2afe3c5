import { type RequestListener } from 'node:http';
import { type CompiledRoute } from '../http/route.js';
import { type EventHandler } from './events.js';
import { dispatchHttp } from './http.js';
import { type InvocationOrigin, type WickEvent, type WickHttpRequest, type WickHttpResponse } from './model.js';
import { isHttpTrigger, type FunctionDefinition } from './registry.js';

export class FunctionNotFoundError extends Error {
  readonly code = 'WICK_ERR_FUNCTION_NOT_FOUND';
  override name = 'FunctionNotFoundError';
}

/**
 * The one invocation core: given a function and a normalized request or event, run its chain and
 * return a normalized response or the handler's result. Every adapter, local invocation (`wick invoke`, the
 * testing helpers) and server mode's timers go through it. Server mode's HTTP requests do not: the Koa server
 * hands them to the app's own callback, the same pipeline over every route that `invokeHttp` runs without a name.
 */
export class FunctionRuntime {
  private readonly byName: Map<string, FunctionDefinition>;
  private readonly listeners = new Map<string, RequestListener>();

  constructor(
    readonly functions: FunctionDefinition[],
    private readonly routes: CompiledRoute[],
    private readonly eventHandlers: Map<string, EventHandler>,
    /** The app's one listener (its Koa callback: built-ins, global middleware), answering from these routes only. */
    private readonly listenerFor: (routes: CompiledRoute[]) => RequestListener,
    private readonly allRoutesListener: RequestListener,
  ) {
    this.byName = new Map(functions.map((fn) => [fn.name, fn]));
  }

  get(name: string): FunctionDefinition {
    const fn = this.byName.get(name);
    if (!fn) throw new FunctionNotFoundError(`no function named ${JSON.stringify(name)}; known: ${[...this.byName.keys()].join(', ') || 'none'}`);
    return fn;
  }

  hasHttp(name: string): boolean {
    return this.get(name).triggers.some(isHttpTrigger);
  }

  hasEvents(name: string): boolean {
    return this.eventHandlers.has(name);
  }

  /** Without a name, the request is routed across every HTTP function and controller (one aggregate function). */
  async invokeHttp(name: string | undefined, request: WickHttpRequest): Promise<WickHttpResponse> {
    return dispatchHttp(name === undefined ? this.allRoutesListener : this.listener(name), request);
  }

  /** `origin` is what the caller was handed (the platform's event and context); without it, the event itself. */
  async invokeEvent(name: string, event: WickEvent, origin?: InvocationOrigin): Promise<unknown> {
    const handler = this.eventHandlers.get(name);
    if (!handler) {
      this.get(name);
      throw new FunctionNotFoundError(`function ${name} has only HTTP triggers; invoke it with an HTTP request`);
    }
    return handler(event, origin);
  }

  private listener(name: string): RequestListener {
    let listener = this.listeners.get(name);
    if (!listener) {
      if (!this.hasHttp(name)) throw new FunctionNotFoundError(`function ${name} has no HTTP trigger`);
      listener = this.listenerFor(this.routes.filter((route) => route.functionName === name));
      this.listeners.set(name, listener);
    }
    return listener;
  }
}
