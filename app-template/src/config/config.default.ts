export default {
  users: {
    /** Users the in-memory store starts with. */
    seed: [{ name: 'Ada Lovelace', age: 36, email: 'ada@example.com' }],
  },
  auth: {
    /** Bearer token for DELETE /users/:id. A development value; config.prod.ts reads AUTH_TOKEN instead. */
    token: process.env.AUTH_TOKEN || 'dev-token',
  },
};
