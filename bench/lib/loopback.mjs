// Preloaded with `node --import` into every Node server the benchmark starts:
// a listen() without a host binds to 127.0.0.1 instead of every interface, so
// the benchmark never exposes a port, without changing the app's main.ts.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  if (typeof args[0] === 'number' || typeof args[0] === 'string') {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  } else if (args[0] && typeof args[0] === 'object' && args[0].path === undefined) {
    args[0] = { ...args[0], host: args[0].host ?? '127.0.0.1' };
  }
  return listen.apply(this, args);
};
