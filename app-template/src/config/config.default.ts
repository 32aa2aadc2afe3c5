export default {
  users: {
    /** Users the in-memory store starts with. */
    seed: [{ name: 'Ada Lovelace', age: 36, email: 'ada@example.com' }],
  },
};
