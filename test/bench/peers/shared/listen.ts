/** Where the bench tells a peer to listen: PORT on 127.0.0.1. */
export const PORT = Number(process.env.PORT);
export const HOST = '127.0.0.1';
