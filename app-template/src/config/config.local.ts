export default {
  logger: { level: 'debug' },
};
