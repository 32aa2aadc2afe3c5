/**
 * reflect-metadata's API on the global `Reflect` in a few lines, in every bundle's place of its `lite` entry
 * (~8 KB minified): the same answers for TypeScript's emitted `design:*` metadata, inversify and wick (metadata
 * per target and property key, looked up the prototype chain as its OrdinaryGetPrototypeOf does, keys in
 * definition order, own before inherited; TypeError for a target that is not an object; `decorate` applying
 * decorators last to first). Like `lite`, it keeps no registry shared with other copies.
 */
export const SLIM_REFLECT_METADATA = `var store = new WeakMap();
var functionPrototype = Object.getPrototypeOf(Function);
function target(O) {
  if (O === null || (typeof O !== 'object' && typeof O !== 'function')) throw new TypeError();
  return O;
}
function key(P) {
  if (P === undefined) return P;
  var primitive = P !== null && typeof P === 'object' ? String(P) : P;
  return typeof primitive === 'symbol' ? primitive : String(primitive);
}
function entries(O, P, create) {
  var byKey = store.get(O);
  if (!byKey) {
    if (!create) return;
    store.set(O, (byKey = new Map()));
  }
  var map = byKey.get(P);
  if (!map && create) byKey.set(P, (map = new Map()));
  return map;
}
function parentOf(O) {
  var proto = Object.getPrototypeOf(O);
  if (typeof O !== 'function' || O === functionPrototype || proto !== functionPrototype) return proto;
  var prototypeProto = O.prototype && Object.getPrototypeOf(O.prototype);
  if (prototypeProto == null || prototypeProto === Object.prototype) return proto;
  var constructor = prototypeProto.constructor;
  return typeof constructor !== 'function' || constructor === O ? proto : constructor;
}
function hasOwn(K, O, P) {
  var map = entries(O, P, false);
  return !!map && map.has(K);
}
function ownKeys(O, P) {
  var map = entries(O, P, false);
  return map ? Array.from(map.keys()) : [];
}
function allKeys(O, P) {
  var own = ownKeys(O, P);
  var parent = parentOf(O);
  if (parent === null) return own;
  var inherited = allKeys(parent, P);
  if (inherited.length === 0) return own;
  if (own.length === 0) return inherited;
  return Array.from(new Set(own.concat(inherited)));
}
var api = {
  defineMetadata: function (K, V, O, P) { entries(target(O), key(P), true).set(K, V); },
  hasOwnMetadata: function (K, O, P) { return hasOwn(K, target(O), key(P)); },
  hasMetadata: function (K, O, P) {
    P = key(P);
    for (O = target(O); O !== null; O = parentOf(O)) if (hasOwn(K, O, P)) return true;
    return false;
  },
  getOwnMetadata: function (K, O, P) {
    var map = entries(target(O), key(P), false);
    return map && map.get(K);
  },
  getMetadata: function (K, O, P) {
    P = key(P);
    for (O = target(O); O !== null; O = parentOf(O)) if (hasOwn(K, O, P)) return entries(O, P, false).get(K);
  },
  getOwnMetadataKeys: function (O, P) { return ownKeys(target(O), key(P)); },
  getMetadataKeys: function (O, P) { return allKeys(target(O), key(P)); },
  deleteMetadata: function (K, O, P) {
    var map = entries(target(O), key(P), false);
    return !!map && map.delete(K);
  },
  metadata: function (K, V) {
    return function decorator(O, P) {
      target(O);
      if (P !== undefined && typeof P !== 'string' && typeof P !== 'symbol') throw new TypeError();
      entries(O, P, true).set(K, V);
    };
  },
  decorate: function (decorators, O, P, attributes) {
    if (!Array.isArray(decorators)) throw new TypeError();
    if (P === undefined) {
      if (typeof O !== 'function') throw new TypeError();
      for (var i = decorators.length - 1; i >= 0; --i) {
        var constructed = decorators[i](O);
        if (constructed !== undefined && constructed !== null) {
          if (typeof constructed !== 'function') throw new TypeError();
          O = constructed;
        }
      }
      return O;
    }
    target(O);
    if (attributes !== undefined && attributes !== null && typeof attributes !== 'object' && typeof attributes !== 'function') throw new TypeError();
    var descriptor = attributes === null ? undefined : attributes;
    P = key(P);
    for (var j = decorators.length - 1; j >= 0; --j) {
      var decorated = decorators[j](O, P, descriptor);
      if (decorated !== undefined && decorated !== null) {
        if (typeof decorated !== 'object' && typeof decorated !== 'function') throw new TypeError();
        descriptor = decorated;
      }
    }
    return descriptor;
  },
};
Object.keys(api).forEach(function (name) {
  Object.defineProperty(Reflect, name, { configurable: true, writable: true, value: api[name] });
});`;
