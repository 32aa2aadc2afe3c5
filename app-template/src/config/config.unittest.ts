export default {
  /** Tests get a store of their own, in memory, that starts empty. */
  store: { driver: 'memory' },
};
