// Times in the visitor's own time zone: each <time datetime="…Z"> the server
// wrote in UTC gets its text in the browser's time zone, in the page's
// language; the UTC text stays as the element's title. Without this script
// the UTC text stays. The instant itself never changes: only how it reads.
(function () {
  'use strict';
  var format;
  try {
    format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      dateStyle: 'medium',
      timeStyle: 'long',
    });
  } catch (error) {
    return;
  }
  var times = document.querySelectorAll('time[datetime]');
  for (var i = 0; i < times.length; i += 1) {
    var time = times[i];
    // Also the older "2026-12-07 10:00:00 UTC" form.
    var at = new Date(
      time.getAttribute('datetime').replace(' ', 'T').replace(/ UTC$/, 'Z'),
    );
    if (isNaN(at.getTime())) continue;
    time.title = time.textContent;
    time.textContent = format.format(at);
  }
})();
