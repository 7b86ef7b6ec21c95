// The timeout page's countdown: counts down from the milliseconds the server
// gave (data-expires-in-ms), so the browser's own clock cannot shift it, and
// says when the time is up. Only a display: the server ends the session.
(function () {
  'use strict';
  var box = document.querySelector('[data-countdown]');
  var done = document.querySelector('[data-countdown-done]');
  if (!box || !done) return;
  var seconds = box.querySelector('[data-countdown-seconds]');
  var total = Number(box.getAttribute('data-expires-in-ms'));
  if (!seconds || !(total >= 0)) return;
  var start = Date.now();

  function tick() {
    var left = Math.max(0, total - (Date.now() - start));
    seconds.textContent = String(Math.ceil(left / 1000));
    if (left <= 0) {
      box.hidden = true;
      done.hidden = false;
      return;
    }
    // Wakes at the next whole second, so the figure changes on time.
    setTimeout(tick, left % 1000 || 1000);
  }

  tick();
})();
