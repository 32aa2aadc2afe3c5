export default {
  users: {
    /** Users the in-memory store starts with. */
    seed: [{ name: 'Ada Lovelace', age: 36, email: 'ada@example.com' }],
  },
  auth: {
    /** Bearer token for DELETE /users/:id. A development value; config.prod.ts reads AUTH_TOKEN instead. */
    token: process.env.AUTH_TOKEN || 'dev-token',
  },
  // The key-value store (GET /pv) needs no entry here: unset means the embedded SQLite file, shared by wick dev,
  // wick start and every wick host instance on this machine (.wick/store.sqlite); config.unittest.ts gives tests
  // a store in memory. On a cloud, choose Redis in the env it runs:
  // store: { driver: 'redis', client: { host, port, password } }   (or client: process.env.REDIS_URL)
};
