export default {
  auth: {
    /** Unset means every guarded request is refused. */
    token: process.env.AUTH_TOKEN,
  },
};
