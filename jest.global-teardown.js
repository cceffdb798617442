// Stops the embedded PostgreSQL that jest.global-setup.js may have started.
module.exports = async () => {
  const child = globalThis.__CSP_TEST_POSTGRES__;
  if (!child) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end();
  await exited;
};
