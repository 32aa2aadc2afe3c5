import { Controller, Get, Inject } from 'wick';
import { KeyValueStore } from 'wick/store';

/**
 * A page-view counter kept in the store, outside the function: a module variable would count per instance and
 * start again at every cold start; the store's incr is one atomic step shared by every instance and process.
 */
@Controller('/pv')
export class PvController {
  @Inject() store!: KeyValueStore;

  @Get('/')
  async count() {
    return { pv: await this.store.incr('pv') };
  }
}
