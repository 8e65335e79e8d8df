// gitlab-ci-local 4.75 calls Set.prototype.union, which Node.js has from version 22; this machine's Node.js is 20.
// Loaded with `node --require` before gitlab-ci-local, so the real tool runs unchanged.
if (typeof Set.prototype.union !== "function") {
  Object.defineProperty(Set.prototype, "union", {
    value: function union(other) {
      const result = new Set(this);
      for (const value of other.keys()) result.add(value);
      return result;
    },
    writable: true,
    configurable: true,
  });
}
