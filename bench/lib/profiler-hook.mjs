// Loaded with `--import` into a server that bench/profile.mjs starts with an
// IPC channel: V8's CPU profiler, started and stopped on request, so that a
// profile covers the measured load only (not start-up, not the preparation).
//   { profile: 'start', intervalUs }  ->  { profile: 'started' }
//   { profile: 'stop', file }         ->  { profile: 'stopped', file }   (the .cpuprofile written there)
// The server itself is not changed: without an IPC channel this does nothing.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

if (process.send) {
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  process.on('message', (message) => {
    if (!message || typeof message.profile !== 'string') return;
    const answer = (reply) => process.send?.(reply);
    if (message.profile === 'start') {
      post('Profiler.enable')
        .then(() => post('Profiler.setSamplingInterval', { interval: message.intervalUs ?? 200 }))
        .then(() => post('Profiler.start'))
        .then(() => answer({ profile: 'started' }), (error) => answer({ profile: 'error', error: String(error) }));
    } else if (message.profile === 'stop') {
      post('Profiler.stop')
        .then(({ profile }) => {
          writeFileSync(message.file, JSON.stringify(profile));
          return post('Profiler.disable');
        })
        .then(() => answer({ profile: 'stopped', file: message.file }), (error) => answer({ profile: 'error', error: String(error) }));
    }
  });
  // The channel must not keep a server alive that is asked to stop.
  process.channel?.unref();
}
