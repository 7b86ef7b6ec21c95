// The measuring loop both limits share: one closed loop per connection, each
// sending its next request when the previous one has answered, for `seconds`.
// Returns { count, errors, latencies (µs, sorted) }, the line the limits print.
export async function closedLoop(inputs, once, seconds) {
  const latencies = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    inputs.map(async (input) => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await once(input);
          latencies.push(Math.round((performance.now() - t) * 1000));
        } catch {
          errors += 1;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, errors, latencies };
}
